using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search;

[Collection(nameof(SpaceCollection))]
public sealed class SearchBudgetTests
{
    public static TheoryData<string> Algorithms => ["random", "evolution", "tree", "local"];

    internal static SearchAlgorithmOptions Options(string name) => name switch
    {
        "random" => new RandomSearchOptions(),
        "evolution" => new EvolutionSearchOptions(),
        "tree" => new TreeSearchOptions(),
        _ => new LocalSearchOptions(),
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void QueryBudget_IsMetExactly(string algorithm)
    {
        var config = new SearchConfiguration(Options(algorithm), SearchBudget.OfQueries(777), SearchProtocol.NasBench101, 11);
        var result = SearchRunner.Run(config, SearchData.Synthetic);
        Assert.Equal(777, result.Final.Step);
        Assert.True(result.Final.CellsExplored <= 777);
        Assert.True(result.IsSynthetic);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void SimulatedTimeBudget_StopsAtTheFirstQueryPastIt(string algorithm)
    {
        var observer = new RecordingObserver();
        var config = new SearchConfiguration(Options(algorithm), SearchBudget.OfSimulatedSeconds(2e5), SearchProtocol.NasBench101, 4);
        SearchRunner.Run(config, SearchData.Synthetic, observer: observer);
        Assert.True(observer.Steps[^1].SimulatedSeconds >= 2e5);
        Assert.True(observer.Steps[^2].SimulatedSeconds < 2e5);
    }

    [Fact]
    public void WallClockBudget_UsesTheInjectedClock()
    {
        // The clock advances 1 ms per reading; the run reads it once per budget check.
        var clock = new SteppingClock(TimeSpan.FromMilliseconds(1));
        var config = new SearchConfiguration(new RandomSearchOptions(), new SearchBudget(WallClock: TimeSpan.FromSeconds(0.5)), SearchProtocol.NasBench101, 0);
        var result = SearchRunner.Run(config, SearchData.Synthetic, time: clock);
        Assert.InRange(result.Final.Step, 200, 500);
        Assert.True(result.Final.WallClockSeconds >= 0.5);
    }

    [Fact]
    public void Budget_WithoutLimits_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new SearchBudget().Validate());
        Assert.Throws<ArgumentException>(() => SearchBudget.OfQueries(0).Validate());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void SameConfiguration_GivesTheSameTrajectoryBitForBit(string algorithm)
    {
        var config = new SearchConfiguration(Options(algorithm), SearchBudget.OfQueries(3000), SearchProtocol.NasBench101, 42);
        var a = SearchRunner.Run(config, SearchData.Synthetic);
        var b = SearchRunner.Run(config, SearchData.Synthetic);
        Assert.Equal(Strip(a), Strip(b));
        var other = SearchRunner.Run(config with { Seed = 43 }, SearchData.Synthetic);
        Assert.NotEqual(Strip(a), Strip(other));
    }

    [Fact]
    public void ParallelRuns_EqualSequentialRuns()
    {
        foreach (string algorithm in new[] { "random", "evolution", "tree", "local" })
        {
            var config = new SearchConfiguration(Options(algorithm), SearchBudget.OfSimulatedSeconds(1e6), SearchProtocol.NasBench101, 9);
            var parallel = SearchRunner.RunMany(config, SearchData.Synthetic, 3, parallel: true);
            var sequential = SearchRunner.RunMany(config, SearchData.Synthetic, 3, parallel: false);
            for (int r = 0; r < 3; r++)
            {
                Assert.Equal(r, parallel[r].Run);
                Assert.Equal(Strip(sequential[r]), Strip(parallel[r]));
            }
        }
    }

    [Fact]
    public void Trajectory_IncumbentOnlyImproves_AndRegretIsAgainstTheBestMeanTest()
    {
        var tables = SearchData.Synthetic;
        var config = new SearchConfiguration(new EvolutionSearchOptions(), SearchBudget.OfQueries(5000), SearchProtocol.NasBench101, 2);
        var result = SearchRunner.Run(config, tables);
        for (int i = 1; i < result.Trajectory.Count; i++)
        {
            Assert.True(result.Trajectory[i].IncumbentValidationAccuracy >= result.Trajectory[i - 1].IncumbentValidationAccuracy);
            Assert.True(result.Trajectory[i].Step > result.Trajectory[i - 1].Step);
        }

        var final = result.Final;
        Assert.Equal(tables.BestMeanTestAccuracy - tables.MeanTest(final.IncumbentCell), final.TestRegret);
        Assert.Equal(tables.Space.Hash(final.IncumbentCell), final.IncumbentHash);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("evolution")]
    [InlineData("local")]
    public void HotLoop_DoesNotAllocatePerQuery(string algorithm)
    {
        long Allocated(long queries)
        {
            var config = new SearchConfiguration(Options(algorithm), SearchBudget.OfQueries(queries), SearchProtocol.NasBench101, 3);
            long before = GC.GetAllocatedBytesForCurrentThread();
            SearchRunner.Run(config, SearchData.Synthetic);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(20_000);

        // 180,000 more queries may only grow the trajectory (incumbent changes are rare), never allocate per query.
        Assert.InRange(Allocated(200_000) - Allocated(20_000), -4096, 64 * 1024);
    }

    /// <summary>The trajectory without wall-clock times (the only part that depends on the machine).</summary>
    private static SearchProgress[] Strip(SearchResult result) => [.. result.Trajectory.Select(p => p with { WallClockSeconds = 0 })];
}
