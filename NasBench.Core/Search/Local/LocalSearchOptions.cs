using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Options of local search (White et al. 2021, "Local search is state of the art for NAS benchmarks").</summary>
public sealed record LocalSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => "local";

    /// <summary>
    /// When true, a neighbour already queried in this run is not queried again (its first answer is reused, free).
    /// </summary>
    /// <value>The default value is false: every neighbour evaluation is a query and is charged, as naszilla does.</value>
    public bool ReuseEvaluations { get; init; }

    /// <summary>The first start cell (raw 7-vertex form); restarts draw random cells.</summary>
    /// <value>The default value is null: every start is random.</value>
    public CellKey? StartCell { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
    }

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new LocalSearch(this);
}
