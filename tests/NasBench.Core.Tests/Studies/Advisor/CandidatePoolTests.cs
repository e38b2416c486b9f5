using NasBench.Core.Benchmark;
using NasBench.Core.Studies.Advisor;
using NasBench.Core.Tests.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Studies.Advisor;

public class CandidatePoolTests
{
    private static readonly Lazy<InMemoryBenchmarkData> Real30 = new(() => InMemoryBenchmarkData.FromRecordsCsv(SpaceFixture.SharedIndex, SharedData.RealData(SearchData.RecordsFile)));

    [Fact]
    public void FromStore_Top_IsTheRealRecordsByMeanValidationAccuracyBestFirst()
    {
        // Expected from the CSV itself, not through the store: mean over the 3 repeats of the 108-epoch validation accuracy.
        var expected = SearchData.Records().GroupBy(r => r.Hash).Select(g => (Hash: g.Key, Mean: g.Average(r => r.Validation)))
            .OrderByDescending(x => x.Mean).Take(7).ToList();
        var pool = CandidatePool.FromStore(Real30.Value, top: 7, uniform: 0, seed: 0);
        Assert.Equal(expected.Select(x => x.Hash), pool.Select(c => c.Hash));
        Assert.All(pool, c => Assert.Equal(PoolSource.Top, c.Source));
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(expected[i].Mean, pool[i].Accuracy, 5);
        }
    }

    [Fact]
    public void FromStore_Uniform_IsSeededDistinctAndOutsideTheTop()
    {
        var a = CandidatePool.FromStore(Real30.Value, top: 5, uniform: 10, seed: 3);
        var b = CandidatePool.FromStore(Real30.Value, top: 5, uniform: 10, seed: 3);
        var c = CandidatePool.FromStore(Real30.Value, top: 5, uniform: 10, seed: 4);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Skip(5).Select(x => x.Hash), c.Skip(5).Select(x => x.Hash));
        Assert.Equal(15, a.Select(x => x.Hash).Distinct().Count());
        Assert.Equal(10, a.Count(x => x.Source == PoolSource.Uniform));
        Assert.Equal(a.Take(5), c.Take(5));
    }

    [Fact]
    public void FromStore_Hashes_AreAddedOnceAndUnknownOnesNamed()
    {
        var all = CandidatePool.FromStore(Real30.Value, top: 30, uniform: 0, seed: 0);
        string worst = all[^1].Hash, best = all[0].Hash;
        var pool = CandidatePool.FromStore(Real30.Value, top: 2, uniform: 0, seed: 0, hashes: [worst, best]);
        Assert.Equal([best, all[1].Hash, worst], pool.Select(x => x.Hash));
        Assert.Equal(PoolSource.Listed, pool[2].Source);
        var unknown = Assert.Throws<ArgumentException>(() => CandidatePool.FromStore(Real30.Value, 1, 0, 0, ["0123456789abcdef0123456789abcdef"]));
        Assert.Contains("0123456789abcdef0123456789abcdef", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CandidatePool.FromStore(Real30.Value, 25, 6, 0));
    }

    [Fact]
    public void Select_TiesKeepTheEarlierCandidateAndNaNIsNeverTop()
    {
        // Four candidates: 0.9 twice (positions 1 and 3), NaN, 0.5.
        var picks = CandidatePool.Select([0.5, 0.9, double.NaN, 0.9], top: 3, uniform: 0, seed: 0);
        Assert.Equal([1, 3, 0], picks.Select(p => p.Position));
    }
}
