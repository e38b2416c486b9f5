using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Studies.Distance;

/// <summary>Options of the distance vs accuracy study (the seed paper's Figure 4).</summary>
public sealed record DistanceStudyOptions
{
    /// <summary>Random pairs of cells.</summary>
    /// <value>The default value is 1,000 (the seed's).</value>
    public int Pairs { get; init; } = 1000;

    /// <summary>The seed of the pair sampler and of the bootstrap.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; init; }

    /// <summary>How pairs are drawn: raw (the seed's raw 7×7 matrices, every sampled cell must be held), uniform (held cells
    /// drawn uniformly; their canonical form is their raw form) or auto (raw on a complete benchmark, uniform otherwise).</summary>
    /// <value>The default value is <see cref="CellDistribution.Auto"/>.</value>
    public CellDistribution Sampler { get; init; } = CellDistribution.Auto;

    /// <summary>Bootstrap resamples for the confidence intervals of the correlations.</summary>
    /// <value>The default value is 1,000.</value>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>Throws for fewer than 3 pairs, negative bootstrap samples or an unknown sampler.</summary>
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
