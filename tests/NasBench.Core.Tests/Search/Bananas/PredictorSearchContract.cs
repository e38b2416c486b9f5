using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.Search.Bananas;

/// <summary>What every predictor-guided search (bananas, npenas) shows with a <see cref="ScoringPredictor"/>, like every
/// runner: the same seed gives the same trajectory and another run another one; under a simulated-time budget it goes on
/// in rounds until the budget is spent; cancelled during a fit, it stops before the next query.</summary>
internal static class PredictorSearchContract
{
    /// <summary>A score the path encoding does not see directly: more edges and more conv3x3, better.</summary>
    public static double Score(CellKey cell) =>
        0.8 + (0.01 * cell.EdgeCount) + (0.001 * Enumerable.Range(1, cell.VertexCount - 2).Count(v => cell.Label(v) == 0));

    /// <summary>Runs 1, 1 and 2 of seed 7 to 150 queries; returns the first for the search's own checks.</summary>
    public static SearchResult SameSeedSameTrajectory(Func<IArchitecturePredictorFactory, SearchAlgorithmOptions> options, Func<CellKey, double> spread, SearchProtocol protocol)
    {
        var factory = new ScoringPredictorFactory(() => new ScoringPredictor(Score, spread));
        var config = new SearchConfiguration(options(factory), SearchBudget.OfQueries(150), protocol, 7);
        var a = SearchRunner.Run(config, SearchData.Synthetic, run: 1);
        var b = SearchRunner.Run(config, SearchData.Synthetic, run: 1);
        var c = SearchRunner.Run(config, SearchData.Synthetic, run: 2);
        Assert.Equal(a.Trajectory.Select(p => p with { WallClockSeconds = 0 }), b.Trajectory.Select(p => p with { WallClockSeconds = 0 }));
        Assert.NotEqual(a.Trajectory.Select(p => p.IncumbentCell), c.Trajectory.Select(p => p.IncumbentCell));
        Assert.Equal(150, a.Final.Step);
        return a;
    }

    public static void GoesOnInRoundsUntilSpent(Func<IArchitecturePredictorFactory, SearchAlgorithmOptions> options, Func<CellKey, double> spread)
    {
        var factory = new ScoringPredictorFactory(() => new ScoringPredictor(Score, spread));
        var config = new SearchConfiguration(options(factory), SearchBudget.OfSimulatedSeconds(2e5), SearchProtocol.NasBench101, 1);
        var result = SearchRunner.Run(config, SearchData.Synthetic);
        Assert.True(result.Final.SimulatedSeconds >= 2e5);
        Assert.True(result.Final.Step > 10);
    }

    /// <summary>The first fit (after the 10 initial queries) cancels the run.</summary>
    public static void CancelledDuringAFitStopsBeforeTheNextQuery(Func<IArchitecturePredictorFactory, SearchAlgorithmOptions> options)
    {
        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver();
        var factory = new ScoringPredictorFactory(() => new ScoringPredictor(Score, _ => 0, cancel.Cancel));
        var config = new SearchConfiguration(options(factory), SearchBudget.OfQueries(1000), SearchProtocol.NasBench101, 0);
        Assert.ThrowsAny<OperationCanceledException>(() => SearchRunner.Run(config, SearchData.Synthetic, observer: observer, cancellationToken: cancel.Token));
        Assert.Equal(10, observer.Steps.Count);
    }
}
