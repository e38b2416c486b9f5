using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search.LocalSearch;

/// <summary>Local search with full neighbourhoods and restarts.</summary>
/// <remarks>
/// <code>
/// loop:
///     current = random cell (raw 7-vertex form); v = query(current)
///     loop:
///         evaluate every valid, held neighbour (single edge flips, row-major; then single op changes)
///         best = the first neighbour with the highest validation
///         if best &gt; v: current = best; v = its validation      move to the best improvement
///         else: record current as a local optimum; restart
/// </code>
/// A neighbour already queried is queried again and charged (naszilla's choice), unless
/// <see cref="LocalSearchOptions.ReuseEvaluations"/> is set.
/// </remarks>
internal sealed class LocalSearch(LocalSearchOptions options) : ISearchAlgorithm
{
    private readonly CellKey[] _neighbours = new CellKey[SpaceLimits.MaxEdgeBits + (2 * SpaceLimits.OpSpots)];
    private readonly Dictionary<int, double> _known = [];

    /// <summary>For tests: record the local optima in <see cref="LocalOptima"/>.</summary>
    internal bool RecordOptima { get; init; }

    /// <summary>The local optima reached (raw form, cell index and the validation that stood), in order.</summary>
    internal List<(CellKey Raw, int Cell, double Validation)> LocalOptima { get; } = [];

    public void Run(SearchBenchmark benchmark, Random random)
    {
        while (!benchmark.Exhausted)
        {
            var current = SearchSampling.Start(benchmark, random, options.RestrictToStore);
            double value = Evaluate(benchmark, current);
            while (true)
            {
                int count = FillNeighbours(current, benchmark);
                var best = current;
                double bestValue = double.NegativeInfinity;
                for (int i = 0; i < count && !benchmark.Exhausted; i++)
                {
                    double v = Evaluate(benchmark, _neighbours[i]);
                    if (v > bestValue)
                    {
                        bestValue = v;
                        best = _neighbours[i];
                    }
                }

                if (benchmark.Exhausted)
                {
                    return;
                }

                if (bestValue > value)
                {
                    current = best;
                    value = bestValue;
                    continue;
                }

                if (RecordOptima)
                {
                    benchmark.TryResolve(current, out int cell);
                    LocalOptima.Add((current, cell, value));
                }

                break;
            }
        }
    }

    private double Evaluate(SearchBenchmark benchmark, CellKey raw)
    {
        if (!options.ReuseEvaluations)
        {
            return benchmark.Query(raw);
        }

        benchmark.TryResolve(raw, out int cell);
        if (!_known.TryGetValue(cell, out double value))
        {
            value = benchmark.QueryCell(cell);
            _known[cell] = value;
        }

        return value;
    }

    /// <summary>The valid, held neighbours of the raw form, without allocating; returns their count.</summary>
    private int FillNeighbours(CellKey raw, SearchBenchmark benchmark)
    {
        int count = 0;
        int n = raw.VertexCount;
        for (int x = 0; x < n - 1; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                var flipped = raw.WithEdgeBits(raw.EdgeBits ^ (1u << CellKey.EdgeBit(x, y)));
                if (benchmark.TryResolve(flipped, out _))
                {
                    _neighbours[count++] = flipped;
                }
            }
        }

        for (int v = 1; v < n - 1; v++)
        {
            for (int label = 0; label < 3; label++)
            {
                var changed = raw.WithLabel(v, label);
                if (label != raw.Label(v) && benchmark.TryResolve(changed, out _))
                {
                    _neighbours[count++] = changed;
                }
            }
        }

        return count;
    }
}
