using NasBench.Core.Search;

namespace NasBench.Core.Experiments.Runners;

/// <summary>What a search or comparison produced: results[c][r] is run r of configuration c (null where a cancel came first).</summary>
public sealed record SearchExperimentResult(SearchSettings Request, OpenBenchmark Benchmark, SearchResult[][] Results, double WallSeconds, ExperimentOutcome Outcome)
{
    /// <summary>The runs that finished, per configuration.</summary>
    public SearchResult[][] Finished => [.. Results.Select(runs => runs.Where(r => r is not null).ToArray())];
}
