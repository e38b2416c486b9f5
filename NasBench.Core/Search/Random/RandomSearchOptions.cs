using NasBench.Core.Experiments;

namespace NasBench.Core.Search;

/// <summary>Options of random search.</summary>
public sealed record RandomSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => "random";

    /// <summary>The distribution cells are drawn from.</summary>
    /// <value>
    /// The default value is <see cref="CellDistribution.Auto"/>: the seed paper's raw sampler on a benchmark that
    /// holds the whole space, uniform over the held cells on a partial one (rejection would rarely land on them).
    /// </value>
    public CellDistribution Sampler { get; init; } = CellDistribution.Auto;

    /// <inheritdoc/>
    public override void Validate()
    {
        if (!Enum.IsDefined(Sampler))
        {
            throw new ArgumentException($"Unknown random sampler {Sampler}.");
        }
    }

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new RandomSearch(this);
}
