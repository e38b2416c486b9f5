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
    public const string Fig7 = "fig7";

    /// <summary>The query-based table (BANANAS, local-search papers): every algorithm × 200 trials at 150 queries under
    /// the mean-of-3 protocol, random search without replacement (naszilla's).</summary>
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
            Algorithms = ["random", "evolution", "local", "tree", "reinforce", "tpe", "hyperband", "bohb", "sh"],
            Runs = 200,
            Queries = 150,
            Protocol = SearchProtocols.Name(SearchProtocol.MeanOfThree),
            Random = new RandomSearchOptions { WithoutReplacement = true },
        },
        _ => throw new ArgumentException($"Unknown preset '{name}': use {string.Join(" or ", Names)}.", nameof(name)),
    };
}
