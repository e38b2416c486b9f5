using NasBench.Core.Progress;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

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

    /// <summary>The options as the CLI, the JSON and the form name them.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<BohbSearchOptions, int>("bohbEta", "BOHB: the halving rate η of its Hyperband brackets.", "η",
            new(), o => o.Eta, (o, v) => o with { Eta = v }, OptionRules.Between<BohbSearchOptions>(2, 27)) { OmitWhenDefault = true },
        new OptionDescription<BohbSearchOptions, int>("bohbMinEpochs", "BOHB: the smallest epoch budget (4, 12, 36 or 108; the largest is --epochs).", "Smallest epoch budget",
            new(), o => o.MinEpochs, (o, v) => o with { MinEpochs = v }, HyperbandSearchOptions.EpochBudget<BohbSearchOptions>()) { OmitWhenDefault = true, Choices = HyperbandSearchOptions.EpochChoices },
        new OptionDescription<BohbSearchOptions, int>("bohbTopNPercent", "BOHB: percentage of a budget's observations the good density is fitted to (hpbandster: 15).", "Top n percent",
            new(), o => o.TopNPercent, (o, v) => o with { TopNPercent = v }, OptionRules.Between<BohbSearchOptions>(1, 99)) { OmitWhenDefault = true },
        new OptionDescription<BohbSearchOptions, int>("bohbNumSamples", "BOHB: candidates drawn from the good density per new configuration (hpbandster: 64).", "Samples per configuration",
            new(), o => o.NumSamples, (o, v) => o with { NumSamples = v }, OptionRules.Between<BohbSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<BohbSearchOptions, double>("bohbRandomFraction", "BOHB: fraction of configurations drawn uniformly (run_bohb.py: 1/3).", "Random fraction",
            new(), o => o.RandomFraction, (o, v) => o with { RandomFraction = v }, OptionRules.Between<BohbSearchOptions>(0.0, 1.0)) { OmitWhenDefault = true },
        new OptionDescription<BohbSearchOptions, double>("bohbBandwidthFactor", "BOHB: widens the bandwidths when sampling (hpbandster: 3).", "Bandwidth factor",
            new(), o => o.BandwidthFactor, (o, v) => o with { BandwidthFactor = v }, OptionRules.Above<BohbSearchOptions>(0, 1e6)) { OmitWhenDefault = true },
        new OptionDescription<BohbSearchOptions, double>("bohbMinBandwidth", "BOHB: the smallest bandwidth of any variable (run_bohb.py: 0.3).", "Smallest bandwidth",
            new(), o => o.MinBandwidth, (o, v) => o with { MinBandwidth = v }, OptionRules.Above<BohbSearchOptions>(0, 1e6)) { OmitWhenDefault = true },
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    protected override void ValidateCombination()
    {
        HyperbandSearchOptions.ValidateBudgets(Eta, MinEpochs, MaxEpochs);
        if (MinPointsInModel < CellConfigurations.Count + 1)
        {
            throw new ArgumentException($"BOHB needs at least {CellConfigurations.Count + 1} points in a model (got {MinPointsInModel}).");
        }
    }

    /// <inheritdoc/>
    /// <remarks>The largest budget is the request's <c>--epochs</c>; the smallest is capped by it.</remarks>
    public override SearchAlgorithmOptions ForRun(SearchRunContext context) => this with
    {
        RestrictToStore = context.RestrictToStore,
        MaxEpochs = context.Epochs,
        MinEpochs = Math.Min(MinEpochs, context.Epochs),
    };

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() =>
        new HyperbandSearch(new HyperbandSearchOptions { Eta = Eta, MinEpochs = MinEpochs, MaxEpochs = MaxEpochs }, new BohbModel(this));
}
