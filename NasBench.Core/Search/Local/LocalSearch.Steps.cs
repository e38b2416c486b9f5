using System.Globalization;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

internal sealed partial class LocalSearch
{
    private readonly HashSet<int> _expanded = [];

    /// <summary>ContinueAtMinimum: every query, best validation first, the earlier query first among ties (naszilla's stable sort).</summary>
    private readonly PriorityQueue<(CellKey Raw, int Cell, double Value), (double NegatedValue, long Order)> _queried = new();
    private long _order;

    /// <summary>The first start cell, or the best of StartSamples random ones; false when the run is over first.</summary>
    private bool TryStart(SearchSession session, Random random, CellKey? start, out CellKey current, out double value)
    {
        current = default;
        value = double.NegativeInfinity;
        if (start is { } given)
        {
            current = given;
            value = Evaluate(session, given);
            return true;
        }

        for (int s = 0; s < options.StartSamples; s++)
        {
            var raw = SearchSampling.Start(session, random, options.RestrictToStore);
            while (options.SkipKnown && IsKnown(session, raw))
            {
                if (!session.Iterate())
                {
                    return false;
                }

                raw = SearchSampling.Start(session, random, options.RestrictToStore);
            }

            if (s > 0 && session.Exhausted)
            {
                return false;
            }

            double v = Evaluate(session, raw);
            if (v > value)
            {
                (current, value) = (raw, v);
            }
        }

        return true;
    }

    private double Evaluate(SearchSession session, CellKey raw)
    {
        if (!_remember && !_continue)
        {
            return session.Query(raw);
        }

        session.TryResolve(raw, out int cell);
        if (_remember && _known.TryGetValue(cell, out double value))
        {
            session.Iterate();
            return value;
        }

        value = session.QueryCell(cell);
        if (_remember)
        {
            _known[cell] = value;
            if (_known.Count == session.Tables.Held.Count && !session.Exhausted)
            {
                session.End(SearchEnd.AllCellsKnown, string.Create(CultureInfo.InvariantCulture,
                    $"every one of the {_known.Count:N0} held cells was queried and this local search queries a cell once, after {Restarts:N0} restarts from a random cell"));
            }
        }

        if (_continue)
        {
            _queried.Enqueue((raw, cell, value), (-value, _order++));
        }

        return value;
    }

    private bool IsKnown(SearchSession session, CellKey raw) => session.TryResolve(raw, out int cell) && _known.ContainsKey(cell);

    private void Expanded(SearchSession session, CellKey current)
    {
        if (_continue || RecordOptima)
        {
            session.TryResolve(current, out int cell);
            _expanded.Add(cell);
            if (RecordOptima)
            {
                Centres.Add(cell);
            }
        }
    }

    /// <summary>naszilla's stop_at_minimum = False: the best queried cell not expanded yet; false when every one is.</summary>
    private bool TryNextUnexpanded(out CellKey current, out double value)
    {
        while (_queried.TryDequeue(out var entry, out _))
        {
            if (!_expanded.Contains(entry.Cell))
            {
                (current, value) = (entry.Raw, entry.Value);
                return true;
            }
        }

        (current, value) = (default, double.NegativeInfinity);
        return false;
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
