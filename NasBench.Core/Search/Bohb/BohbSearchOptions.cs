namespace NasBench.Core.Search;

/// <summary>Options of BOHB (Falkner et al. 2018): Hyperband's brackets, new configurations from a KDE model.</summary>
/// <remarks>The defaults are hpbandster's <c>BOHB</c> with the settings automl/nas_benchmarks' run_bohb.py passes.</remarks>
public sealed record BohbSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => "bohb";

    /// <summary>The halving rate η of the brackets.</summary>
    /// <value>The default value is 3.</value>
    public int Eta { get; init; } = 3;

    /// <summary>The smallest epoch budget.</summary>
    /// <value>The default value is 4.</value>
    public int MinEpochs { get; init; } = 4;

    /// <summary>The largest epoch budget.</summary>
    /// <value>The default value is 108.</value>
    public int MaxEpochs { get; init; } = 108;

    /// <summary>Percentage of a budget's observations (lowest loss first) the "good" density is fitted to.</summary>
    /// <value>The default value is 15.</value>
    public int TopNPercent { get; init; } = 15;

    /// <summary>Candidates drawn from the good density per new configuration; the one with the lowest g/l is taken.</summary>
    /// <value>The default value is 64.</value>
    public int NumSamples { get; init; } = 64;

    /// <summary>Fraction of new configurations drawn uniformly instead of from the model.</summary>
    /// <value>The default value is 1/3 (run_bohb.py passes 0.33… as 1/3).</value>
    public double RandomFraction { get; init; } = 1.0 / 3;

    /// <summary>Widens the bandwidth of continuous variables when sampling (NAS-Bench-101's variables are all categorical).</summary>
    /// <value>The default value is 3.</value>
    public double BandwidthFactor { get; init; } = 3;

    /// <summary>The smallest bandwidth of any variable, against a collapsed model.</summary>
    /// <value>The default value is 0.3.</value>
    public double MinBandwidth { get; init; } = 0.3;

    /// <summary>Observations a budget needs before its model is fitted (each of good and bad needs this many).</summary>
    /// <value>The default value is null: the number of variables + 1 (27), hpbandster's default and minimum.</value>
    public int? MinPointsInModel { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        HyperbandSearchOptions.ValidateBudgets(Eta, MinEpochs, MaxEpochs);
        if (TopNPercent is < 1 or > 99 || NumSamples < 1 || !(RandomFraction >= 0 && RandomFraction <= 1) || !(MinBandwidth > 0)
            || !(BandwidthFactor > 0) || MinPointsInModel < CellConfigurations.Count + 1)
        {
            throw new ArgumentException($"BOHB needs top-n-percent in [1, 99], num-samples ≥ 1, random-fraction in [0, 1], positive bandwidths and at least {CellConfigurations.Count + 1} points in a model (got {this}).");
        }
    }

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() =>
        new HyperbandSearch(new HyperbandSearchOptions { Eta = Eta, MinEpochs = MinEpochs, MaxEpochs = MaxEpochs }, new BohbModel(this));
}
