namespace NasBench.Core.SearchSpace;

/// <summary>
/// The one vocabulary for "which cells are drawn", spelled the same in every command (<c>--sampler auto|raw|uniform</c>)
/// and in JSON.
/// </summary>
public enum CellDistribution
{
    /// <summary>The raw sampler on a benchmark that holds the whole space, uniform over its cells otherwise.</summary>
    Auto,

    /// <summary>The seed paper's raw sampler: 21 uniform edge bits and 5 uniform ops, resampled until valid
    /// (favours cells with many raw forms); on a partial benchmark, also until the cell is held.</summary>
    Raw,

    /// <summary>Uniform over the unique cells the benchmark holds.</summary>
    Uniform,
}

/// <summary>Names of <see cref="CellDistribution"/> values as the CLI and JSON spell them.</summary>
public static class CellDistributions
{
    /// <summary>The spellings of <c>--sampler</c>, in enum order.</summary>
    public static readonly string[] Names = ["auto", "raw", "uniform"];

    /// <summary>The <c>--sampler</c> spelling of <paramref name="d"/>.</summary>
    public static string Name(CellDistribution d) => d switch
    {
        CellDistribution.Raw => "raw",
        CellDistribution.Uniform => "uniform",
        _ => "auto",
    };

    /// <summary>The distribution actually used: <see cref="CellDistribution.Auto"/> resolved for a complete or partial benchmark.</summary>
    public static CellDistribution Resolve(CellDistribution d, bool complete) =>
        d == CellDistribution.Auto ? (complete ? CellDistribution.Raw : CellDistribution.Uniform) : d;
}
