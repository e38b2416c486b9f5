namespace NasBench.Core.Experiments.Runners;

/// <summary>The runners of the kinds Core implements: search, compare, distance, cells, correlate.</summary>
public static class CoreRunners
{
    /// <summary>One runner per Core kind, all reading benchmarks through <paramref name="provider"/>.</summary>
    /// <param name="provider">Where benchmarks are read.</param>
    /// <param name="livePoints">Whether searches report incumbent points while running.</param>
    /// <param name="predictors">alphax's meta-DNN (NasBench.Training passes its own).</param>
    public static IReadOnlyList<IExperimentRunner> All(BenchmarkProvider provider, bool livePoints = true, Search.IArchitecturePredictorFactory? predictors = null) =>
    [
        new SearchExperimentRunner(provider, ExperimentKinds.Search, livePoints, predictors: predictors),
        new SearchExperimentRunner(provider, ExperimentKinds.Compare, livePoints, predictors: predictors),
        new DistanceRunner(provider),
        new CellsRunner(provider),
        new CorrelateRunner(),
    ];
}
