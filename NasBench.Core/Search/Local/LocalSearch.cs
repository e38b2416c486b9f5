using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Local search with full neighbourhoods and restarts.</summary>
/// <remarks>
/// <code>
/// loop:
///     current = the start cell the first time if one is given, else a random cell (raw 7-vertex form); v = query(current)
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
    private readonly CellKey[] _neighbours = new CellKey[CellSampler.MaxNeighbours];
    private readonly Dictionary<int, double> _known = [];

    /// <summary>For tests: record the local optima in <see cref="LocalOptima"/>.</summary>
    internal bool RecordOptima { get; init; }

    /// <summary>The local optima reached (raw form, cell index and the validation that stood), in order.</summary>
    internal List<(CellKey Raw, int Cell, double Validation)> LocalOptima { get; } = [];

    public void Run(SearchSession session, Random random)
    {
        var start = options.StartCell;
        while (!session.Exhausted)
        {
            var current = start ?? SearchSampling.Start(session, random, options.RestrictToStore);
            start = null;
            double value = Evaluate(session, current);
            while (true)
            {
                int count = FillNeighbours(current, session);
                var best = current;
                double bestValue = double.NegativeInfinity;
                for (int i = 0; i < count && !session.Exhausted; i++)
                {
                    double v = Evaluate(session, _neighbours[i]);
                    if (v > bestValue)
                    {
                        bestValue = v;
                        best = _neighbours[i];
                    }
                }

                if (session.Exhausted)
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
                    session.TryResolve(current, out int cell);
                    LocalOptima.Add((current, cell, value));
                }

                break;
            }
        }
    }

    private double Evaluate(SearchSession session, CellKey raw)
    {
        if (!options.ReuseEvaluations)
        {
            return session.Query(raw);
        }

        session.TryResolve(raw, out int cell);
        if (!_known.TryGetValue(cell, out double value))
        {
            value = session.QueryCell(cell);
            _known[cell] = value;
        }

        return value;
    }

    /// <summary>The valid, held neighbours of the raw form, without allocating; returns their count.</summary>
    private int FillNeighbours(CellKey raw, SearchSession session)
    {
        Span<CellKey> all = stackalloc CellKey[CellSampler.MaxNeighbours];
        int count = 0;
        foreach (var neighbour in all[..CellSampler.FillNeighbours(raw, all)])
        {
            if (session.TryResolve(neighbour, out _))
            {
                _neighbours[count++] = neighbour;
            }
        }

        return count;
    }
}
