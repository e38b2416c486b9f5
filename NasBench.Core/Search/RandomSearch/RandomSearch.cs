using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search.RandomSearch;

/// <summary>Random search, the baseline of every NAS comparison.</summary>
/// <remarks>
/// <code>
/// while budget left: cell = sample(); query(cell)       the benchmark keeps the incumbent by validation
/// </code>
/// </remarks>
internal sealed class RandomSearch(RandomSearchOptions options) : ISearchAlgorithm
{
    public void Run(SearchBenchmark benchmark, Random random)
    {
        bool restrict = options.RestrictToStore;
        if (options.Sampler == RandomSampler.RawMatrix)
        {
            while (!benchmark.Exhausted)
            {
                benchmark.QueryCell(SearchSampling.RandomRawCell(benchmark, random, restrict));
            }

            return;
        }

        IReadOnlyList<int>? subset = restrict && !benchmark.Tables.IsComplete ? benchmark.Tables.Held : null;
        while (!benchmark.Exhausted)
        {
            benchmark.QueryCell(CellSampler.UniformIndex(random, benchmark.Space, subset));
        }
    }
}
