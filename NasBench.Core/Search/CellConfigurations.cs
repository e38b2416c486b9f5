using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>
/// The configuration space that automl/nas_benchmarks' <c>NASCifar10A</c> gives Hyperband, BOHB, TPE and REINFORCE:
/// 21 binary edge variables (the 7×7 upper triangle, row-major) and 5 operation variables with 3 choices, one
/// value per variable (a category index). A configuration with more than 9 edges, or whose pruned cell is invalid or
/// not held, is answered as that benchmark answers it: loss 1 (validation 0) at no cost, and not charged to the session.
/// </summary>
internal static class CellConfigurations
{
    /// <summary>Number of edge variables.</summary>
    public const int Edges = 21;

    /// <summary>Number of variables (edges, then the 5 interior operations).</summary>
    public const int Count = Edges + SpaceLimits.OpSpots;

    private static readonly int[] EdgeBits = BuildEdgeBits();

    /// <summary>Choices of each variable: 2 for an edge, 3 for an operation.</summary>
    public static ReadOnlySpan<int> Cardinalities => [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3];

    /// <summary>The raw 7-vertex cell of a configuration.</summary>
    public static CellKey ToCell(ReadOnlySpan<int> configuration)
    {
        uint bits = 0;
        for (int e = 0; e < Edges; e++)
        {
            bits |= (uint)configuration[e] << EdgeBits[e];
        }

        int labels = 0;
        for (int v = 0; v < SpaceLimits.OpSpots; v++)
        {
            labels |= configuration[Edges + v] << (2 * v);
        }

        return CellKey.Create(SpaceLimits.MaxVertices, bits, labels);
    }

    /// <summary>ConfigSpace's <c>sample_configuration</c>: every variable uniform over its choices.</summary>
    public static void SampleUniform(Random random, Span<int> into)
    {
        for (int d = 0; d < Count; d++)
        {
            into[d] = random.Next(Cardinalities[d]);
        }
    }

    /// <summary>The held cell of a configuration, or -1 where the benchmark script answers loss 1 at no cost.</summary>
    public static int Resolve(SearchSession session, ReadOnlySpan<int> configuration)
    {
        var raw = ToCell(configuration);
        return raw.EdgeCount <= SpaceLimits.MaxEdges && session.TryResolve(raw, out int cell) ? cell : -1;
    }

    /// <summary>
    /// Configurations in a row that the benchmark answers for free (invalid, or not held) before a search whose model grows
    /// with every evaluation (TPE, BOHB; SMAC, whose forest is refitted on every run, has a tenth of it) ends its run: on
    /// the full benchmark such a search meets a few dozen in a row (most random configurations have more than 9 edges or
    /// are disconnected, and the model soon avoids them); on a
    /// partial one (the 30-cell records, a subset) almost every configuration is free, and before this cap its runs never
    /// ended: each free evaluation grows the model, so <see cref="SearchSession.MaxFreeIterations"/> of them would take days.
    /// </summary>
    public const long MaxFreeModelEvaluations = 10_000;

    /// <summary>Evaluates a configuration at <paramref name="epochs"/>; returns the loss 1 − validation accuracy. Every
    /// evaluation is a loop turn (<see cref="SearchSession.Iterate(long, Func{long, string})"/>): the run ends after
    /// <paramref name="maxFree"/> free ones in a row (a cheap sampler's loop keeps the session's default).</summary>
    public static double Loss(SearchSession session, ReadOnlySpan<int> configuration, int epochs, long maxFree = SearchSession.MaxFreeIterations)
    {
        int cell = Resolve(session, configuration);
        double loss = cell < 0 ? 1.0 : 1.0 - session.QueryCellAt(cell, epochs);
        session.Iterate(maxFree, FreeNote);
        return loss;
    }

    /// <summary>What a run's notes say when it ended after <paramref name="maxFree"/> free evaluations in a row.</summary>
    public static string FreeNote(long maxFree) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{maxFree:N0} configurations in a row were invalid or not held by the benchmark (this search samples the whole configuration space: on a partial benchmark it rarely meets a held cell)");

    private static int[] BuildEdgeBits()
    {
        var bits = new int[Edges];
        int e = 0;
        for (int x = 0; x < SpaceLimits.MaxVertices - 1; x++)
        {
            for (int y = x + 1; y < SpaceLimits.MaxVertices; y++)
            {
                bits[e++] = CellKey.EdgeBit(x, y);
            }
        }

        return bits;
    }
}

/// <summary>Where new configurations of a bracket come from (uniform for Hyperband, the KDE model for BOHB).</summary>
internal interface IConfigurationSampler
{
    /// <summary>Writes a new configuration into <paramref name="into"/> (<see cref="CellConfigurations.Count"/> values).</summary>
    void Sample(Random random, Span<int> into);

    /// <summary>Told every evaluation: the configuration, the epoch budget and the loss.</summary>
    void Observe(ReadOnlySpan<int> configuration, int epochs, double loss);

    /// <summary>Free evaluations in a row before the run ends (<see cref="CellConfigurations.MaxFreeModelEvaluations"/> where
    /// the sampler's model grows with each).</summary>
    long MaxFree { get; }
}
