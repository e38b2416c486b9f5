using System.Globalization;
using System.Runtime.CompilerServices;
using NasBench.Core.Benchmark;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;

namespace NasBench.Web.Services;

/// <summary>A cell in a list: its index, hash and mean accuracies over the repeats at one budget.</summary>
public sealed record CellRow(int Index, string Hash, double MeanValidation, double MeanTest, long Parameters);

/// <summary>One repeat of a cell at one epoch budget (the halfway and the final evaluation).</summary>
public sealed record CellRepeat(int Epochs, int Repeat, RepeatMetrics Metrics);

/// <summary>A one-step neighbour: how it differs, and its numbers when the benchmark holds it.</summary>
public sealed record CellNeighbour(string Change, string Hash, bool Held, double? MeanValidation, double? MeanTest);

/// <summary>Everything the cell page shows.</summary>
public sealed record CellView(int Index, string Hash, CellKey Cell, long Parameters, IReadOnlyList<int> Epochs, IReadOnlyList<CellRepeat> Repeats,
    IReadOnlyList<CellNeighbour> Neighbours, int FinalEpochs);

/// <summary>
/// The cell explorer's reads on an open benchmark: the best cells at an epoch budget (a ranking of the held cells sorted
/// once per budget and measure, then the first N: microseconds on the full space), and a cell with every repeat and its one-step neighbourhood (Core's
/// <see cref="CellSampler.FillNeighbours"/>, the one every search uses).
/// </summary>
public static class CellsExplorer
{
    /// <summary>Who may point the explorer at a file: those who may launch (a viewer could otherwise make the server open any path).</summary>
    public const string SourceRule = "Only members and admins choose a records file or a store; viewers see the default store (or ?synthetic=SEED).";

    /// <summary>The benchmark a page names: ?synthetic=SEED, ?records=CSV, ?store=PATH, or the default store.</summary>
    public static BenchmarkSource SourceOf(string? store, string? records, int? synthetic) =>
        synthetic is { } seed ? new BenchmarkSource(SyntheticSeed: seed) : new BenchmarkSource(string.IsNullOrWhiteSpace(store) ? null : store, string.IsNullOrWhiteSpace(records) ? null : records);

    /// <summary>The best <paramref name="count"/> held cells at a budget, by mean validation or test accuracy (ties: lower index first).</summary>
    public static IReadOnlyList<CellRow> Top(OpenBenchmark benchmark, int epochs, bool byTest, int count)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        var tables = benchmark.TablesAt(epochs);
        var ranking = Ranking(tables, byTest);
        return [.. ranking.Take(Math.Max(0, count)).Select(cell => Row(benchmark, tables, cell))];
    }

    /// <summary>Every held cell, best first: sorted once per (tables, measure) and kept as long as the provider keeps the
    /// benchmark's tables (its per-path cache), so a page reads the first N instead of scanning 423,624 cells.</summary>
    public static int[] Ranking(Core.Benchmark.Query.BenchmarkTables tables, bool byTest)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return (byTest ? TestRankings : ValidationRankings).GetValue(tables, t => Rank(t, byTest));
    }

    private static readonly ConditionalWeakTable<Core.Benchmark.Query.BenchmarkTables, int[]> ValidationRankings = new();
    private static readonly ConditionalWeakTable<Core.Benchmark.Query.BenchmarkTables, int[]> TestRankings = new();

    private static int[] Rank(Core.Benchmark.Query.BenchmarkTables tables, bool byTest)
    {
        int[] cells = [.. tables.Held];
        double[] keys = [.. cells.Select(c => -(byTest ? tables.MeanTest(c) : tables.MeanValidation(c)))];
        // Held is ascending, and a stable order keeps ties by index: sort (key, position) pairs.
        var order = Enumerable.Range(0, cells.Length).ToArray();
        Array.Sort(order, (x, y) => keys[x] != keys[y] ? keys[x].CompareTo(keys[y]) : x.CompareTo(y));
        return [.. order.Select(i => cells[i])];
    }

    public static CellView? Describe(OpenBenchmark benchmark, string hashText)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        var space = benchmark.Data.Space;
        if (!CellHash.TryParse(hashText, out var hash) || space.IndexOf(hash) is var index && index < 0)
        {
            return null;
        }

        var cell = space.Cell(index);
        bool held = benchmark.Data.Contains(index);
        var repeats = new List<CellRepeat>();
        if (held)
        {
            foreach (int epochs in benchmark.Data.Epochs)
            {
                for (int r = 0; r < IBenchmarkData.Repeats; r++)
                {
                    repeats.Add(new CellRepeat(epochs, r, benchmark.Data.Metrics(index, epochs, r)));
                }
            }
        }

        int final = benchmark.Data.Epochs[^1];
        var tables = benchmark.TablesAt(final);
        Span<CellKey> all = stackalloc CellKey[CellSampler.MaxNeighbours];
        int n = CellSampler.FillNeighbours(cell, all);
        var neighbours = new List<CellNeighbour>();
        var seen = new HashSet<int>();
        for (int i = 0; i < n; i++)
        {
            if (space.TryFind(all[i], out int other) != SpecStatus.Ok || other == index || !seen.Add(other))
            {
                continue;
            }

            bool h = tables.Contains(other);
            neighbours.Add(new CellNeighbour(Change(cell, all[i]), space.Hash(other).ToString(), h, h ? tables.MeanValidation(other) : null, h ? tables.MeanTest(other) : null));
        }

        return new CellView(index, space.Hash(index).ToString(), cell, held ? benchmark.Data.TrainableParameters(index) : TrainableParameters.Count(cell),
            benchmark.Data.Epochs, repeats, neighbours, final);
    }

    private static CellRow Row(OpenBenchmark b, Core.Benchmark.Query.BenchmarkTables tables, int cell) =>
        new(cell, b.Data.Space.Hash(cell).ToString(), tables.MeanValidation(cell), tables.MeanTest(cell), b.Data.TrainableParameters(cell));

    // What one step changed: an edge flip (x→y added/removed) or an operation (vertex v: a → b).
    private static string Change(CellKey from, CellKey to)
    {
        uint flipped = from.EdgeBits ^ to.EdgeBits;
        for (int y = 1; y < from.VertexCount; y++)
        {
            for (int x = 0; x < y; x++)
            {
                if ((flipped >> CellKey.EdgeBit(x, y) & 1) != 0)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{(to.HasEdge(x, y) ? "add" : "remove")} edge {x}→{y}");
                }
            }
        }

        for (int v = 1; v < from.VertexCount - 1; v++)
        {
            if (from.Label(v) != to.Label(v))
            {
                return string.Create(CultureInfo.InvariantCulture, $"vertex {v}: {from.Operation(v)} → {to.Operation(v)}");
            }
        }

        return "same cell";
    }
}
