using NasBench.Core.Search;

namespace NasBench.Core.Experiments;

/// <summary>
/// The comparisons of the literature, reproduced on whatever benchmark is loaded (<c>nasbench compare --preset NAME</c>).
/// Each names its protocol (<see cref="SearchProtocols.Title"/>) and writes the figures and the comparison table.
/// </summary>
public static class ComparePresets
{
    /// <summary>The NAS-Bench-101 paper's Fig. 7: RS, RE, REINFORCE, HB, BOHB, TPE (and SH) × 500 runs to 10⁷ simulated
    /// seconds under the NAS-Bench-101 paper's protocol (RE with the paper's population of 100).</summary>
    /// <remarks>BANANAS and AlphaX are not in it, for cost: to 10⁷ simulated seconds a run makes about 7,000 queries, so
    /// BANANAS would fit its 5-network ensemble about 700 times on up to 7,000 cells (hours of CPU per run) and AlphaX
    /// would refit its 6-million-weight meta-DNN about 70 times (about 200 s per run at 10⁶ s on 2 cores, so ×500 runs
    /// × 10 is days). Run them with <c>nasbench compare --algorithms … --simulated-seconds …</c> and fewer runs; the
    /// 150-query preset has both.</remarks>
    public const string Fig7 = "fig7";

    /// <summary>The query-based table (BANANAS, local-search papers): every algorithm × 200 trials at 150 queries under
    /// the mean-of-3 protocol, random search without replacement (naszilla's). AlphaX and BANANAS stand beside the UCB1
    /// tree search; they need the neural predictor NasBench.Training injects (the CLI and the lab server do) and cost
    /// seconds per run where the others cost milliseconds.</summary>
    public const string Table150 = "150-query";

    /// <summary>The preset names, as <c>--preset</c> takes them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Fig7, Table150];

    /// <summary>The preset's title as figures and tables show it.</summary>
    public static string Title(string name) => name switch
    {
        Fig7 => "NAS-Bench-101 paper, Fig. 7",
        Table150 => "150-query table",
        _ => throw new ArgumentException($"Unknown preset '{name}': use {string.Join(" or ", Names)}.", nameof(name)),
    };

    /// <summary>The request of a preset (the benchmark source and seed are the caller's to set).</summary>
    public static CompareRequest Request(string name) => name switch
    {
        Fig7 => new CompareRequest
        {
            Algorithms = ["random", "evolution", "reinforce", "hyperband", "bohb", "tpe", "sh"],
            Runs = 500,
            SimulatedSeconds = 1e7,
            Protocol = SearchProtocols.Name(SearchProtocol.NasBench101),
            Evolution = EvolutionSearchOptions.NasBench101Paper,
        },
        Table150 => new CompareRequest
        {
            Algorithms = ["random", "evolution", "local", "tree", "alphax", "bananas", "reinforce", "tpe", "smac", "hyperband", "bohb", "sh"],
            Runs = 200,
            Queries = 150,
            Protocol = SearchProtocols.Name(SearchProtocol.MeanOfThree),
            Random = new RandomSearchOptions { WithoutReplacement = true },
        },
        _ => throw new ArgumentException($"Unknown preset '{name}': use {string.Join(" or ", Names)}.", nameof(name)),
    };
}
