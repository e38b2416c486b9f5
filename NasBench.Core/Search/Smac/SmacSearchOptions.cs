using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

namespace NasBench.Core.Search;

/// <summary>Options of SMAC (Hutter et al. 2011): Bayesian optimization with a random forest, as SMAC3 0.10's <c>SMAC</c>
/// facade runs it for automl/nas_benchmarks' run_smac.py.</summary>
/// <remarks>The defaults are the facade's and the scenario's, with the settings run_smac.py changes: 10 trees
/// (<c>--n_trees</c>), random configurations with probability 0.33 (<c>--random_fraction</c>), at most 4 runs per
/// configuration (<c>--max_feval</c>), one challenger per iteration (<c>intensification_percentage</c> 1e-10,
/// <c>min_chall</c> 1), a random initial configuration (<c>initial_incumbent</c> RANDOM), non-deterministic.</remarks>
public sealed record SmacSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => "smac";

    /// <summary>Trees in the random forest (run_smac.py's <c>--n_trees</c>).</summary>
    /// <value>The default value is 10.</value>
    public int Trees { get; init; } = 10;

    /// <summary>Probability that a challenger is a uniformly random configuration instead of the next by expected
    /// improvement (<c>ChooserProb</c>'s <c>prob</c>, run_smac.py's <c>--random_fraction</c>).</summary>
    /// <value>The default value is 0.33.</value>
    public double RandomFraction { get; init; } = 0.33;

    /// <summary>Runs (repeats) a configuration gets at most (the intensifier's <c>maxR</c>, run_smac.py's <c>--max_feval</c>).</summary>
    /// <value>The default value is 4.</value>
    public int MaxRuns { get; init; } = 4;

    /// <summary>Configurations the acquisition optimizer returns per iteration: the local searches' results and random
    /// configurations for the rest, all ranked by expected improvement (the scenario's <c>acq_opt_challengers</c>).</summary>
    /// <value>The default value is 5000.</value>
    public int Challengers { get; init; } = 5000;

    /// <summary>Local searches per iteration, started from the evaluated configurations of highest expected improvement
    /// (<c>InterleavedLocalAndRandomSearch</c>'s <c>n_sls_iterations</c>).</summary>
    /// <value>The default value is 10.</value>
    public int LocalSearches { get; init; } = 10;

    /// <summary>Moves a local search may make to a neighbour of equal expected improvement (the scenario's
    /// <c>sls_n_steps_plateau_walk</c>).</summary>
    /// <value>The default value is 10.</value>
    public int PlateauSteps { get; init; } = 10;

    /// <summary>The random forest's settings (SMAC's scenario defaults; only the number of trees is an option).</summary>
    internal ForestOptions Forest => new(Trees: Trees);

    /// <summary>The options as the CLI, the JSON and the form name them.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<SmacSearchOptions, int>("smacTrees", "SMAC: trees in the random forest (run_smac.py: 10).", "Trees",
            new(), o => o.Trees, (o, v) => o with { Trees = v }, OptionRules.Between<SmacSearchOptions>(1, 1_000)) { OmitWhenDefault = true },
        new OptionDescription<SmacSearchOptions, double>("smacRandomFraction", "SMAC: probability that a challenger is a random configuration (run_smac.py: 0.33).", "Random fraction",
            new(), o => o.RandomFraction, (o, v) => o with { RandomFraction = v }, OptionRules.Between<SmacSearchOptions>(0.0, 1.0)) { OmitWhenDefault = true },
        new OptionDescription<SmacSearchOptions, int>("smacMaxRuns", "SMAC: runs a configuration gets at most (run_smac.py's max_feval: 4).", "Runs per configuration",
            new(), o => o.MaxRuns, (o, v) => o with { MaxRuns = v }, OptionRules.Between<SmacSearchOptions>(1, 1_000)) { OmitWhenDefault = true },
        new OptionDescription<SmacSearchOptions, int>("smacChallengers", "SMAC: configurations ranked by expected improvement per iteration (SMAC: 5000).", "Challengers",
            new(), o => o.Challengers, (o, v) => o with { Challengers = v }, OptionRules.Between<SmacSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<SmacSearchOptions, int>("smacLocalSearches", "SMAC: local searches per iteration (SMAC: 10).", "Local searches",
            new(), o => o.LocalSearches, (o, v) => o with { LocalSearches = v }, OptionRules.Between<SmacSearchOptions>(0, 1_000)) { OmitWhenDefault = true },
        new OptionDescription<SmacSearchOptions, int>("smacPlateauSteps", "SMAC: moves of a local search over equal expected improvement (SMAC: 10).", "Plateau steps",
            new(), o => o.PlateauSteps, (o, v) => o with { PlateauSteps = v }, OptionRules.Between<SmacSearchOptions>(0, 1_000)) { OmitWhenDefault = true },
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    protected override void ValidateCombination()
    {
        if (LocalSearches > Challengers)
        {
            throw new ArgumentException($"SMAC's local searches ({LocalSearches}) cannot exceed its challengers per iteration ({Challengers}).");
        }
    }

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new SmacSearch(this);
}
