using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Options of regularized (aging) evolution.</summary>
public sealed record EvolutionSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => "evolution";

    /// <summary>Cells kept alive; the oldest dies when a child is born.</summary>
    /// <value>The default value is 50 (the seed paper's); <see cref="NasBench101Paper"/> uses 100.</value>
    public int PopulationSize { get; init; } = 50;

    /// <summary>Cells sampled (without replacement) from the population; the best by validation is the parent.</summary>
    /// <value>The default value is 10.</value>
    public int TournamentSize { get; init; } = 10;

    /// <summary>Expected number of changes per mutation: each edge flips with probability rate/7, each op changes with rate/5.</summary>
    /// <value>The default value is 1.0.</value>
    public double MutationRate { get; init; } = 1.0;

    /// <summary>The cell the population grows from (raw 7-vertex form): the first member, the others its mutants.</summary>
    /// <value>The default value is null: a population of random cells.</value>
    public CellKey? StartCell { get; init; }

    /// <summary>The NAS-Bench-101 paper's setting: population 100, the rest as the defaults.</summary>
    public static EvolutionSearchOptions NasBench101Paper { get; } = new() { PopulationSize = 100 };

    /// <inheritdoc/>
    public override void Validate()
    {
        if (PopulationSize < 2)
        {
            throw new ArgumentException($"Evolution needs a population of at least 2 (got {PopulationSize}).");
        }

        if (TournamentSize < 1 || TournamentSize > PopulationSize)
        {
            throw new ArgumentException($"The tournament size must be between 1 and the population size {PopulationSize} (got {TournamentSize}).");
        }

        if (!(MutationRate > 0) || MutationRate > 7)
        {
            throw new ArgumentException($"The mutation rate must be in (0, 7] (got {MutationRate}).");
        }
    }

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new EvolutionSearch(this);
}
