using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Options of local search (White et al. 2021, "Local search is state of the art for NAS benchmarks").</summary>
/// <remarks>
/// The defaults are the search this lab always ran: one random start, the full neighbourhood, the best improvement,
/// a restart from a new random cell at a local optimum, and every evaluation a charged query (a neighbour queried
/// before is queried again, as NASLib's local search does). That spends most of a small budget re-querying: on the
/// full-size SYNTHETIC benchmark (synthetic seed 1; 100 runs, seed 0), 1,000 queries reach 381 distinct cells on
/// average under mean3 (62 % of the budget re-queries) and 348 under nb101 (65 %) (<c>nasbench search --algorithm local
/// --queries 1000 --runs 100 --protocol mean3</c>), which is why it trails naszilla's local search under the query-based
/// protocol. naszilla's <c>local_search</c> (<c>naszilla/nas_algorithms.py</c>) never queries
/// a cell twice: it skips known neighbours (<see cref="SkipKnown"/>), starts from the best of 10 new random cells
/// (<see cref="StartSamples"/> = 10), moves to the first better neighbour by default (<c>query_full_nbhd = False</c>,
/// <see cref="FirstImprovement"/>) and, at a local minimum, restarts (<c>stop_at_minimum = True</c>, the default) or
/// continues from the best queried cell not yet expanded (<c>stop_at_minimum = False</c>, <see cref="ContinueAtMinimum"/>,
/// the setting of its <c>fast_algos</c> experiment). Its four variants (<c>local_search_variants</c> in
/// <c>naszilla/params.py</c>) are SkipKnown + StartSamples 10 with FirstImprovement and ContinueAtMinimum each on or off.
/// </remarks>
public sealed record LocalSearchOptions : SearchAlgorithmOptions
{
    /// <summary>The most random start cells one climb may draw.</summary>
    public const int MaxStartSamples = 1000;

    /// <inheritdoc/>
    public override string Name => "local";

    /// <summary>
    /// When true, a neighbour already queried in this run is not queried again: its first answer is reused, free, and
    /// still compared. Once every held cell is known the run ends (<see cref="SearchEnd.AllCellsKnown"/>).
    /// </summary>
    /// <value>The default value is false: every evaluation is a query and is charged (NASLib's choice, not naszilla's).</value>
    public bool ReuseEvaluations { get; init; }

    /// <summary>When true, a neighbour already queried is skipped: neither queried nor compared (naszilla); a random start
    /// already queried is drawn again. Once every held cell is known the run ends.</summary>
    /// <value>The default value is false (the lab's search compares every neighbour).</value>
    public bool SkipKnown { get; init; }

    /// <summary>When true, the climb moves to the first neighbour better than the current cell and stops scanning
    /// (naszilla's <c>query_full_nbhd = False</c>, its default); otherwise to the best of the whole neighbourhood.</summary>
    /// <value>The default value is false: the full neighbourhood, the best improvement (White et al.'s Algorithm 1).</value>
    public bool FirstImprovement { get; init; }

    /// <summary>When true, after each neighbourhood the climb continues from the best queried cell not yet expanded
    /// (naszilla's <c>stop_at_minimum = False</c>), restarting from a random cell only when every queried cell is
    /// expanded (where naszilla fails); otherwise a local optimum restarts the search from a new random cell.</summary>
    /// <value>The default value is false: restart at a local optimum (naszilla's default, <c>stop_at_minimum = True</c>).</value>
    public bool ContinueAtMinimum { get; init; }

    /// <summary>Random cells each climb draws (each queried) before it starts from the best of them.</summary>
    /// <value>The default value is 1 (the lab's); naszilla's <c>num_init</c> is 10.</value>
    public int StartSamples { get; init; } = 1;

    /// <summary>The first start cell (raw 7-vertex form); restarts draw random cells.</summary>
    /// <value>The default value is null: every start is random.</value>
    public CellKey? StartCell { get; init; }

    /// <summary>naszilla's local search with its defaults: skip known cells, best of 10 starts, first improvement, restart.</summary>
    public static LocalSearchOptions Naszilla { get; } = new() { SkipKnown = true, StartSamples = 10, FirstImprovement = true };

    /// <summary>The options as the CLI, the JSON and the form name them.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        Flag("reuseEvaluations", "Local search: do not re-query cells already evaluated.", "Reuse evaluations", o => o.ReuseEvaluations, (o, v) => o with { ReuseEvaluations = v }),
        Flag("skipKnown", "Local search: skip neighbours already queried (neither queried nor compared), as naszilla does.", "Skip known neighbours (naszilla)", o => o.SkipKnown, (o, v) => o with { SkipKnown = v }),
        Flag("firstImprovement", "Local search: move to the first better neighbour (naszilla's default), not the best of the neighbourhood.", "First improvement (naszilla's default)", o => o.FirstImprovement, (o, v) => o with { FirstImprovement = v }),
        Flag("continueAtMinimum", "Local search: at a local minimum continue from the best queried cell not yet expanded (naszilla's stop_at_minimum = False), not from a new random cell.",
            "Continue from the best unexpanded cell at a minimum", o => o.ContinueAtMinimum, (o, v) => o with { ContinueAtMinimum = v }),
        new OptionDescription<LocalSearchOptions, int>("startSamples", "Local search: random cells queried per start; the climb starts from the best (naszilla: 10).", "Start samples (naszilla: 10)",
            new(), o => o.StartSamples, (o, v) => o with { StartSamples = v }, OptionRules.Between<LocalSearchOptions>(1, MaxStartSamples)),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    public override SearchAlgorithmOptions ForRun(SearchRunContext context) =>
        this with { RestrictToStore = context.RestrictToStore, StartCell = context.StartCell };

    private static OptionDescription<LocalSearchOptions, bool> Flag(string name, string help, string label, Func<LocalSearchOptions, bool> get, Func<LocalSearchOptions, bool, LocalSearchOptions> with) =>
        new(name, help, label, new(), get, with);

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new LocalSearch(this);
}
