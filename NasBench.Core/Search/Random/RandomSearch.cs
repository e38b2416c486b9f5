using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Random search, the baseline of every NAS comparison.</summary>
/// <remarks>
/// <code>
/// distribution = Auto ? (complete benchmark ? Raw : Uniform) : the option
/// while budget left: cell = sample(distribution); query(cell)    the session keeps the incumbent by validation
///     Raw:     the seed paper's raw sampler; with RestrictToStore, resampled until the cell is held
///              (unrestricted, a cell a partial benchmark lacks fails the query)
///     Uniform: uniform over the held cells
/// </code>
/// Every iteration is a charged query (rejected raw draws are free iterations of the session), so the run spends its
/// budget even on a store smaller than it, re-querying cells (sampling is with replacement, as the notebooks do).
/// </remarks>
internal sealed partial class RandomSearch(RandomSearchOptions options) : ISearchAlgorithm
{
    public void Run(SearchSession session, Random random)
    {
        if (options.WithoutReplacement)
        {
            RunWithoutReplacement(session, random);
            return;
        }

        bool complete = session.Tables.IsComplete;
        if (CellDistributions.Resolve(options.Sampler, complete) == CellDistribution.Raw)
        {
            bool restrict = options.RestrictToStore;
            while (!session.Exhausted)
            {
                int cell = SearchSampling.RandomRawCell(session, random, restrict);
                if (cell < 0)
                {
                    return;
                }

                session.QueryCell(cell);
            }

            return;
        }

        IReadOnlyList<int>? subset = complete ? null : session.Tables.Held;
        while (!session.Exhausted)
        {
            session.QueryCell(CellSampler.UniformIndex(random, session.Space, subset));
        }
    }
}
