using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Random search without replacement (naszilla's <c>random_search</c>, which never queries a cell twice).</summary>
/// <remarks>
/// <code>
/// seen = {}
/// while budget left and |seen| &lt; cells held:
///     cell = sample(distribution)                 as with replacement (raw or uniform)
///     cell in seen → draw again (free; the token is observed on every draw)
///     seen += cell; query(cell)
/// </code>
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
        while (!session.Exhausted && seen.Count < held)
        {
            session.ThrowIfCancellationRequested();
            int cell = raw ? SearchSampling.RandomRawCell(session, random, restrict: true) : CellSampler.UniformIndex(random, session.Space, subset);
            if (seen.Add(cell))
            {
                session.QueryCell(cell);
            }
        }
    }
}
