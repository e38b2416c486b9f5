namespace NasBench.Core.Search;

/// <summary>How a query turns the 3 stored repeats into the numbers a search sees; stored with every result.</summary>
public enum SearchProtocol
{
    /// <summary>
    /// The NAS-Bench-101 paper's (and the reference API's): each query draws one of the 3 repeats at random from the
    /// run's random source; validation, test and training time come from that repeat.
    /// </summary>
    NasBench101,

    /// <summary>The mean-of-3 protocol (BANANAS, NASLib): validation, test and training time are means over the 3 repeats.</summary>
    MeanOfThree,
}

/// <summary>Command-line names of the protocols: <c>nb101</c> and <c>mean3</c>.</summary>
public static class SearchProtocols
{
    /// <summary>The <c>--protocol</c> spelling: nb101 or mean3.</summary>
    public static string Name(SearchProtocol protocol) => protocol == SearchProtocol.MeanOfThree ? "mean3" : "nb101";

    /// <summary>The protocol's name in figures, tables and notes: the same words everywhere.</summary>
    public static string Title(SearchProtocol protocol) => protocol == SearchProtocol.MeanOfThree
        ? "query-based protocol of the BANANAS/local-search papers (mean of the 3 repeats, best test error after N queries)"
        : "NAS-Bench-101 paper's protocol (one random repeat per query, incumbent by validation, regret of its mean-of-3 test accuracy, against simulated time)";

    /// <summary>The protocol of a <c>--protocol</c> spelling (case-insensitive).</summary>
    public static SearchProtocol Parse(string name) => name.ToLowerInvariant() switch
    {
        "nb101" => SearchProtocol.NasBench101,
        "mean3" => SearchProtocol.MeanOfThree,
        _ => throw new ArgumentException($"Unknown protocol '{name}': use nb101 or mean3."),
    };
}
