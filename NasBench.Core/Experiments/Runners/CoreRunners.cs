namespace NasBench.Core.Experiments.Runners;

/// <summary>The runners of the kinds Core implements: search, compare, distance, cells, correlate.</summary>
public static class CoreRunners
{
    /// <summary>One runner per Core kind, all reading benchmarks through <paramref name="provider"/>.</summary>
    public static IReadOnlyList<IExperimentRunner> All(BenchmarkProvider provider, bool livePoints = true) =>
    [
        new SearchExperimentRunner(provider, "search", livePoints),
        new SearchExperimentRunner(provider, "compare", livePoints),
        new DistanceRunner(provider),
        new CellsRunner(provider),
        new CorrelateRunner(),
    ];
}
