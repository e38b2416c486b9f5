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

    /// <summary>Never query a cell twice (naszilla's random search): a drawn cell already queried is drawn again,
    /// and the run ends once every cell the benchmark holds has been queried.</summary>
    /// <value>The default value is false: with replacement, as the seed's notebook samples (about half of 1,000 raw
    /// draws then repeat a cell).</value>
    public bool WithoutReplacement { get; init; }

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
