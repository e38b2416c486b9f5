using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;
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

    /// <summary>The options as the CLI, the JSON and the form name them (the JSON names predate the nested shape).</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<EvolutionSearchOptions, int>("population", "Evolution: population size (the NAS-Bench-101 paper used 100).", "Population",
            new(), o => o.PopulationSize, (o, v) => o with { PopulationSize = v }, OptionRules.Between<EvolutionSearchOptions>(2, 1_000_000)),
        new OptionDescription<EvolutionSearchOptions, int>("tournament", "Evolution: tournament size.", "Tournament",
            new(), o => o.TournamentSize, (o, v) => o with { TournamentSize = v },
            (_, o, v) => v < 1 || v > o.PopulationSize ? OptionRules.Inv($"--tournament must be between 1 and --population ({o.PopulationSize}) (got {v}).") : null),
        new OptionDescription<EvolutionSearchOptions, double>("mutationRate", "Evolution: mutation rate.", "Mutation rate",
            new(), o => o.MutationRate, (o, v) => o with { MutationRate = v }, OptionRules.Above<EvolutionSearchOptions>(0, 7)),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    public override SearchAlgorithmOptions ForRun(SearchRunContext context) =>
        this with { RestrictToStore = context.RestrictToStore, StartCell = context.StartCell };

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new EvolutionSearch(this);
}
