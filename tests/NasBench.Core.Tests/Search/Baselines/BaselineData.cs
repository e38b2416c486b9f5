using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search.Baselines;

/// <summary>The full-size synthetic benchmark with all four epoch budgets (the multi-fidelity searches need them).</summary>
public static class BaselineData
{
    private static readonly Lazy<BenchmarkTables> Shared = new(() =>
        new BenchmarkTables(InMemoryBenchmarkData.Synthetic(SpaceFixture.SharedIndex, new SyntheticBenchmarkOptions(AllEpochs: true, Seed: 2))));

    public static BenchmarkTables AllEpochs => Shared.Value;
}
