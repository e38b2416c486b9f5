using System.Collections.Concurrent;
using System.Diagnostics;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark;
using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search;

[Collection(nameof(SpaceCollection))]
public sealed class SearchRunnerTests
{
    private static readonly RandomSearchOptions Uniform = new() { Sampler = CellDistribution.Uniform, RestrictToStore = true };

    /// <summary>How long a cancelled endless search may take to stop. Each step checks the token, so on an idle machine they
    /// stop in a few ms after the cancel; the bound leaves room for a loaded 2-core machine running the other test
    /// projects at once (RunAll once took 1.9 s there) and still fails a search that ignores the token (it never ends).</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    private static SearchConfiguration Endless(SearchAlgorithmOptions options, int seed = 0) =>
        new(options, SearchBudget.OfQueries(1_000_000_000_000), SearchProtocol.NasBench101, seed);

    [Fact]
    public void Run_CancelledAfter100Ms_ThrowsPromptly()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => SearchRunner.Run(Endless(Uniform), SearchData.Real30, cancellationToken: cancel.Token));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(90), Promptly);
    }

    [Fact]
    public void RunAll_CancelledAfter100Ms_StopsEveryRunPromptly()
    {
        SearchConfiguration[] configurations =
        [
            Endless(Uniform), Endless(new EvolutionSearchOptions { RestrictToStore = true }),
            Endless(new LocalSearchOptions { RestrictToStore = true }), Endless(new TreeSearchOptions { RestrictToStore = true }),
        ];
        int finished = 0;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            SearchRunner.RunAll(configurations, SearchData.Real30, 3, _ => Interlocked.Increment(ref finished), cancellationToken: cancel.Token));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(90), Promptly);
        Assert.Equal(0, finished);
    }

    [Fact]
    public void RunAll_RunsOffTheThreadPool_OneThreadPerCore()
    {
        // On pool threads, long runs starve the process's timers (a cancel timer fired 13 s late) and, in the lab server,
        // its pages; each run must take a dedicated thread, at most one per core.
        var threads = new ConcurrentDictionary<int, bool>();
        SearchConfiguration[] configurations = [new(Uniform, SearchBudget.OfQueries(20), SearchProtocol.NasBench101, 5)];
        SearchRunner.RunAll(configurations, SearchData.Real30, 8, (_, _) =>
        {
            threads[Environment.CurrentManagedThreadId] = Thread.CurrentThread.IsThreadPoolThread;
            return null;
        });
        Assert.All(threads.Values, Assert.False);
        Assert.InRange(threads.Count, 1, Environment.ProcessorCount);
    }

    [Fact]
    public void RunAll_AFailedRun_ThrowsItsOwnException()
    {
        SearchConfiguration[] configurations = [new(Uniform, SearchBudget.OfQueries(20), SearchProtocol.NasBench101, 5)];
        var e = Assert.Throws<InvalidOperationException>(() => SearchRunner.RunAll(configurations, SearchData.Real30, 4,
            (_, r) => r == 2 ? throw new InvalidOperationException("run 2 failed") : null));
        Assert.Equal("run 2 failed", e.Message);
    }

    [Fact]
    public void Enumerate_Cancelled_StopsPromptly()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => SpaceEnumerator.Enumerate(cancellationToken: cancel.Token));
        Assert.True(clock.Elapsed < Promptly, $"stopped after {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void RunAll_ObserverFactory_GivesEveryRunItsOwnObserver()
    {
        SearchConfiguration[] configurations =
        [
            new(Uniform, SearchBudget.OfQueries(50), SearchProtocol.NasBench101, 3),
            new(new EvolutionSearchOptions { RestrictToStore = true, PopulationSize = 10, TournamentSize = 3 }, SearchBudget.OfQueries(70), SearchProtocol.MeanOfThree, 4),
        ];
        var observers = new ConcurrentDictionary<(int, int), RecordingObserver>();
        var results = SearchRunner.RunAll(configurations, SearchData.Real30, 2, (c, r) => observers.GetOrAdd((c, r), _ => new RecordingObserver()));
        Assert.Equal(4, observers.Count);
        foreach (var ((c, r), observer) in observers)
        {
            Assert.Equal(configurations[c].Budget.Queries, observer.Steps.Count);
            Assert.Equal(results[c][r].Final with { WallClockSeconds = 0 }, observer.Steps[^1] with { WallClockSeconds = 0 });
            Assert.Equal(SearchRunner.Run(configurations[c], SearchData.Real30, r).Trajectory.Select(p => p with { WallClockSeconds = 0 }),
                results[c][r].Trajectory.Select(p => p with { WallClockSeconds = 0 }));
        }
    }

    /// <summary>Fails on the old <c>new Random(seed + run)</c>: nearby runs and seeds then draw dependent first cells.</summary>
    [Fact]
    public void Runs_NearbyRunsAndSeeds_DrawIndependentCells()
    {
        const int Seeds = 2000;
        var config = new SearchConfiguration(Uniform, SearchBudget.OfQueries(1), SearchProtocol.NasBench101, 0);
        int FirstCell(int seed, int run) => SearchRunner.Run(config with { Seed = seed }, SearchData.Real30, run).Final.IncumbentCell;
        var run0 = Enumerable.Range(0, Seeds + 1).Select(s => FirstCell(s, 0)).ToArray();
        double nextRun = Enumerable.Range(0, Seeds).Count(s => run0[s] == FirstCell(s, 2)) / (double)Seeds;
        double nextSeed = Enumerable.Range(0, Seeds).Count(s => run0[s] == run0[s + 1]) / (double)Seeds;
        Assert.InRange(nextRun, (1 / 30.0) - 0.013, (1 / 30.0) + 0.013);
        Assert.InRange(nextSeed, (1 / 30.0) - 0.013, (1 / 30.0) + 0.013);
    }

    [Fact]
    public void Configuration_AtTwelveEpochs_SearchesTheTwelveEpochResults()
    {
        var data = MultiEpochData.Value;
        var tables = new BenchmarkTables(data, 12);
        var config = new SearchConfiguration(Uniform, SearchBudget.OfQueries(2000), SearchProtocol.MeanOfThree, 1, Epochs: 12);
        var final = SearchRunner.Run(config, tables).Final;
        double Mean(int cell, Func<EvaluationMetrics, float> value) =>
            Enumerable.Range(0, 3).Aggregate(0.0, (sum, k) => sum + value(data.Metrics(cell, 12, k).Final)) / 3;
        int best = data.CellIndices.MaxBy(c => Mean(c, e => e.ValidationAccuracy));
        Assert.Equal(best, final.IncumbentCell);
        Assert.Equal(Mean(best, e => e.ValidationAccuracy), final.IncumbentValidationAccuracy);
        Assert.Equal(Mean(best, e => e.TestAccuracy), final.IncumbentTestAccuracy);

        var wrong = Assert.Throws<ArgumentException>(() => SearchRunner.Run(config with { Epochs = 108 }, tables));
        Assert.Contains("12-epoch", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_HalfwayTables_ChargeHalfTheEpochsThroughTheQueryApi()
    {
        var tables = new BenchmarkTables(MultiEpochData.Value, 36, stopHalfway: true);
        var session = new SearchSession(tables, SearchProtocol.NasBench101, SearchBudget.OfQueries(25), SeedStreams.Create(0, 0, StreamPurpose.QueryRepeat));
        double time = 0;
        foreach (int cell in tables.Held.Take(25))
        {
            double valid = session.QueryCell(cell);
            var k = Enumerable.Range(0, 3).Single(r => MultiEpochData.Value.Metrics(cell, 36, r).Halfway.ValidationAccuracy == valid);
            time += MultiEpochData.Value.Metrics(cell, 36, k).Halfway.TrainingTime;
        }

        Assert.Equal(new NasBench.Core.Benchmark.Query.BudgetCounters(time, 25 * 18), session.Counters);
        Assert.Equal(time, session.Current.SimulatedSeconds);
        Assert.True(session.Exhausted);
    }
}
