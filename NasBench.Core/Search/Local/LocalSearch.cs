using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Local search with full neighbourhoods or first improvement, restarts or continuation (naszilla's variants).</summary>
/// <remarks>
/// <code>
/// loop:                                                            one climb per pass; the run ends with the budget
///     current = the start cell the first time if one is given, else the best of S random cells (raw 7-vertex form;
///               S = StartSamples; with SkipKnown a draw already queried is drawn again, free)
///     loop:
///         expanded += current
///         for each valid, held neighbour (single edge flips, row-major; then single op changes):
///             known and SkipKnown → skip it (neither queried nor compared: naszilla)
///             v = evaluate(neighbour)          a query; with ReuseEvaluations or SkipKnown a known cell's first answer, free
///             FirstImprovement and v &gt; value(current) → best = neighbour; stop the scan
///             keep best = the first neighbour with the highest v
///         ContinueAtMinimum → current = the best cell queried so far that is not expanded (none left: restart)
///         else if v(best) &gt; value(current) → current = best
///         else → current is a local optimum: restart
/// </code>
/// With the defaults (S = 1, full neighbourhood, restart, every evaluation a query) this is the search the lab always
/// ran: a known neighbour is queried again and charged, as NASLib's local search does. naszilla's <c>local_search</c>
/// skips known neighbours (<see cref="LocalSearchOptions.SkipKnown"/>). When the run never queries a cell twice
/// (ReuseEvaluations or SkipKnown) and every held cell is known, it ends (<see cref="SearchEnd.AllCellsKnown"/>);
/// a run whose restarts only meet known cells ends after <see cref="SearchSession.MaxFreeIterations"/> free iterations.
/// </remarks>
internal sealed partial class LocalSearch(LocalSearchOptions options) : ISearchAlgorithm
{
    private readonly CellKey[] _neighbours = new CellKey[CellSampler.MaxNeighbours];
    private readonly Dictionary<int, double> _known = [];
    private readonly bool _remember = options.ReuseEvaluations || options.SkipKnown;
    private readonly bool _skip = options.SkipKnown, _first = options.FirstImprovement, _continue = options.ContinueAtMinimum;

    /// <summary>For tests: record the local optima in <see cref="LocalOptima"/>.</summary>
    internal bool RecordOptima { get; init; }

    /// <summary>The local optima reached (raw form, cell index and the validation that stood), in order.</summary>
    internal List<(CellKey Raw, int Cell, double Validation)> LocalOptima { get; } = [];

    /// <summary>Climbs started after the first (restarts from random cells).</summary>
    internal int Restarts { get; private set; }

    /// <summary>With <see cref="RecordOptima"/>: the cells whose neighbourhoods were scanned, in order.</summary>
    internal List<int> Centres { get; } = [];

    /// <remarks>One method holds both loops, as before the variants: a run's hot loop is optimized on the spot (OSR);
    /// split into a method per climb, it ran unoptimized for the first tenth of a second of every bench run.</remarks>
    public void Run(SearchSession session, Random random)
    {
        var start = options.StartCell;
        for (int climb = 0; !session.Exhausted; climb++)
        {
            Restarts = climb;
            if (climb > 0 && !session.Iterate())
            {
                return;
            }

            if (!TryStart(session, random, start, out var current, out double value))
            {
                return;
            }

            start = null;
            while (true)
            {
                Expanded(session, current);
                int count = FillNeighbours(current, session);
                var best = current;
                double bestValue = double.NegativeInfinity;
                for (int i = 0; i < count && !session.Exhausted; i++)
                {
                    if (_skip && IsKnown(session, _neighbours[i]))
                    {
                        session.Iterate();
                        continue;
                    }

                    double v = Evaluate(session, _neighbours[i]);
                    if (v > bestValue)
                    {
                        bestValue = v;
                        best = _neighbours[i];
                    }

                    if (_first && v > value)
                    {
                        break;
                    }
                }

                if (session.Exhausted)
                {
                    return;
                }

                if (_continue ? !TryNextUnexpanded(out current, out value) : !(bestValue > value))
                {
                    RecordOptimum(session, current, value);
                    break;
                }

                if (!_continue)
                {
                    (current, value) = (best, bestValue);
                }
            }
        }
    }

    private void RecordOptimum(SearchSession session, CellKey current, double value)
    {
        if (RecordOptima && !_continue)
        {
            session.TryResolve(current, out int cell);
            LocalOptima.Add((current, cell, value));
        }
    }
}
