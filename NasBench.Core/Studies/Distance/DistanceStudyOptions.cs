namespace NasBench.Core.Studies.Distance;

/// <summary>How the distance study draws its pairs of cells.</summary>
public enum PairSampler
{
    /// <summary>The raw sampler on a complete store, the store's cells otherwise.</summary>
    Auto,

    /// <summary>The seed's: raw 7×7 matrices and ops, resampled until valid (needs every sampled cell in the store).</summary>
    RawMatrix,

    /// <summary>Cells of the store drawn uniformly; their stored canonical form is their raw form.</summary>
    StoreCells,
}

/// <summary>Options of the distance vs accuracy study (the seed paper's Figure 4).</summary>
public sealed record DistanceStudyOptions
{
    /// <summary>Random pairs of cells.</summary>
    /// <value>The default value is 1,000 (the seed's).</value>
    public int Pairs { get; init; } = 1000;

    /// <summary>The seed of the pair sampler and of the bootstrap.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; init; }

    /// <value>The default value is <see cref="PairSampler.Auto"/>.</value>
    public PairSampler Sampler { get; init; } = PairSampler.Auto;

    /// <summary>Bootstrap resamples for the confidence intervals of the correlations.</summary>
    /// <value>The default value is 1,000.</value>
    public int BootstrapSamples { get; init; } = 1000;

    public void Validate()
    {
        if (Pairs < 3)
        {
            throw new ArgumentException($"The distance study needs at least 3 pairs (got {Pairs}).");
        }

        if (BootstrapSamples < 0 || !Enum.IsDefined(Sampler))
        {
            throw new ArgumentException($"Bad distance study options: {this}.");
        }
    }
}
