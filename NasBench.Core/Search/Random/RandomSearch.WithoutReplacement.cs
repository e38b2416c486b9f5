using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Random search without replacement (naszilla's <c>random_search</c>, which never queries a cell twice).</summary>
/// <remarks>
/// <code>
/// seen = {}
/// while budget left and |seen| &lt; cells held:
///     cell = sample(distribution)                 as with replacement (raw or uniform)
///     cell in seen → draw again (free: SearchSession.Iterate, which observes the token and ends the run after
///                    MaxFreeIterations draws in a row that found no new cell)
///     seen += cell; query(cell)
/// every held cell queried → the run ends (AllCellsKnown)
/// </code>
/// The cap matters near the end of the space: raw draws land on the last unseen cells with a total probability that
/// can be far below one in a million (some pruned cells have very few raw matrices), so a budget of more queries than
/// there are cells (<c>nasbench search bench --scale 0.5</c>: 500,000 on 423,624 cells) drew for over ten minutes
/// without ending before the cap.
/// </remarks>
internal sealed partial class RandomSearch
{
    private void RunWithoutReplacement(SearchSession session, Random random)
    {
        bool complete = session.Tables.IsComplete;
        bool raw = CellDistributions.Resolve(options.Sampler, complete) == CellDistribution.Raw;
        IReadOnlyList<int>? subset = complete ? null : session.Tables.Held;
        var seen = new HashSet<int>();
        int held = session.Tables.Held.Count;
        while (seen.Count < held && session.Iterate())
        {
            int cell = raw ? SearchSampling.RandomRawCell(session, random, restrict: true) : CellSampler.UniformIndex(random, session.Space, subset);
            if (seen.Add(cell))
            {
                session.QueryCell(cell);
            }
        }

        if (seen.Count == held && !session.Exhausted)
        {
            session.End(SearchEnd.AllCellsKnown, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"every one of the {held:N0} held cells was queried and random search without replacement queries a cell once"));
        }
    }
}
