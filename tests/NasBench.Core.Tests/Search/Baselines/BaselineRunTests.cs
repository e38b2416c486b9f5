using System.Diagnostics;
using NasBench.Core.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search.Baselines;

/// <summary>Every baseline: same seed → same trajectory; a cancel stops it promptly; a finite store ends it.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class BaselineRunTests
{
    public static TheoryData<string> Names() => ["sh", "hyperband", "bohb", "reinforce", "tpe", "smac", "random-without-replacement"];

    private static SearchAlgorithmOptions Options(string name) => name switch
    {
        "sh" => new HyperbandSearchOptions { SuccessiveHalving = true },
        "hyperband" => new HyperbandSearchOptions(),
        "bohb" => new BohbSearchOptions(),
        "reinforce" => new ReinforceSearchOptions(),
        "tpe" => new TpeSearchOptions(),
        "smac" => new SmacSearchOptions(),
        _ => new RandomSearchOptions { WithoutReplacement = true },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Run_SameSeed_SameTrajectory(string name)
    {
        var config = new SearchConfiguration(Options(name), SearchBudget.OfSimulatedSeconds(5e5), SearchProtocol.NasBench101, 7);
        var a = SearchRunner.Run(config, BaselineData.AllEpochs, run: 1);
        var b = SearchRunner.Run(config, BaselineData.AllEpochs, run: 1);
        var c = SearchRunner.Run(config, BaselineData.AllEpochs, run: 2);
        Assert.Equal(a.Trajectory.Select(p => p with { WallClockSeconds = 0 }), b.Trajectory.Select(p => p with { WallClockSeconds = 0 }));
        Assert.NotEqual(a.Trajectory.Select(p => p.IncumbentCell), c.Trajectory.Select(p => p.IncumbentCell));
        Assert.True(a.Final.SimulatedSeconds >= 5e5);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Run_CancelledAfter100Ms_ThrowsPromptly(string name)
    {
        var config = new SearchConfiguration(Options(name), SearchBudget.OfQueries(1_000_000_000_000), SearchProtocol.NasBench101, 0);
        _ = BaselineData.AllEpochs;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => SearchRunner.Run(config, BaselineData.AllEpochs, cancellationToken: cancel.Token));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(90), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void RandomWithoutReplacement_QueriesEachHeldCellOnce_ThenEnds()
    {
        var config = new SearchConfiguration(new RandomSearchOptions { WithoutReplacement = true, RestrictToStore = true }, SearchBudget.OfQueries(1_000), SearchProtocol.MeanOfThree, 0);
        var result = SearchRunner.Run(config, SearchData.Real30);
        Assert.Equal(30, result.Final.Step);
        Assert.Equal(30, result.Final.CellsExplored);
        Assert.Equal(SearchData.Real30.BestMeanTestAccuracy, result.Final.IncumbentMeanTestAccuracy);
    }

    [Fact]
    public void RandomWithoutReplacement_150Queries_ExploresMoreCellsThanWithReplacement()
    {
        var without = SearchRunner.Run(new(new RandomSearchOptions { WithoutReplacement = true }, SearchBudget.OfQueries(150), SearchProtocol.MeanOfThree, 0), SearchData.Synthetic);
        Assert.Equal(150, without.Final.CellsExplored);
    }
}
