using System.Diagnostics;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search;

/// <summary>Every search ends and every search cancels (issue 23): on a store of 300 cells with a budget far larger
/// than the store, each algorithm spends its budget re-querying or ends early, saying why; a cancel stops each mid-run.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class SearchEndTests
{
    private const long Budget = 20_000;

    private static readonly Lazy<BenchmarkTables> SmallStore =
        new(() => new BenchmarkTables(InMemoryBenchmarkData.Synthetic(SpaceFixture.SharedIndex, new SyntheticBenchmarkOptions(Cells: 300, Seed: 1))));

    /// <summary>Each algorithm on the small store, as a partial benchmark runs it (restricted), and how its runs end.</summary>
    public static TheoryData<string, SearchAlgorithmOptions, SearchEnd, string> Algorithms() => new()
    {
        { "random uniform", new RandomSearchOptions { RestrictToStore = true, Sampler = CellDistribution.Uniform }, SearchEnd.BudgetSpent, "re-querying the same cells" },
        { "evolution", new EvolutionSearchOptions { RestrictToStore = true }, SearchEnd.BudgetSpent, "re-querying the same cells" },
        { "tree", new TreeSearchOptions { RestrictToStore = true }, SearchEnd.BudgetSpent, "re-querying the same cells" },
        { "local", new LocalSearchOptions { RestrictToStore = true }, SearchEnd.BudgetSpent, "re-querying the same cells" },
        { "local reuse", new LocalSearchOptions { RestrictToStore = true, ReuseEvaluations = true }, SearchEnd.AllCellsKnown, "every one of the 300 held cells was queried" },
        { "local naszilla", LocalSearchOptions.Naszilla with { RestrictToStore = true }, SearchEnd.AllCellsKnown, "every one of the 300 held cells was queried" },
        { "random without replacement", new RandomSearchOptions { RestrictToStore = true, Sampler = CellDistribution.Uniform, WithoutReplacement = true }, SearchEnd.AllCellsKnown, "every one of the 300 held cells was queried" },
        { "local continue", new LocalSearchOptions { RestrictToStore = true, SkipKnown = true, ContinueAtMinimum = true }, SearchEnd.AllCellsKnown, "restarts from a random cell" },
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void BudgetLargerThanTheStore_EveryAlgorithmEnds_WithItsNotes(string label, SearchAlgorithmOptions options, SearchEnd end, string note)
    {
        var tables = SmallStore.Value;
        var configuration = new SearchConfiguration(options, SearchBudget.OfQueries(Budget), SearchProtocol.NasBench101, 4);
        var clock = Stopwatch.StartNew();
        var results = SearchRunner.RunAll([configuration], tables, 2);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{label} took {clock.Elapsed}");
        Assert.All(results[0], r => Assert.Equal(end, r.End));
        Assert.All(results[0], r => Assert.Equal(end == SearchEnd.BudgetSpent ? Budget : r.Final.CellsExplored, r.Final.Step));
        var notes = SearchFiles.Notes(results, tables);
        Assert.Contains(notes, n => n.StartsWith(options.Name + ":", StringComparison.Ordinal) && n.Contains(note, StringComparison.Ordinal));
        if (end != SearchEnd.BudgetSpent)
        {
            Assert.All(results[0], r => Assert.Equal(300, r.Final.CellsExplored));
            Assert.Contains(notes, n => n.Contains("2 of 2 runs ended before the budget (20000 queries), nothing left to query", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void CancelledMidRun_EveryAlgorithmStopsWithinASecond(string label, SearchAlgorithmOptions options, SearchEnd end, string note)
    {
        _ = (end, note);
        var configuration = new SearchConfiguration(options, SearchBudget.OfQueries(SearchSettings.MaxQueries), SearchProtocol.NasBench101, 4);
        using var cancel = new CancellationTokenSource();
        using var started = new ManualResetEventSlim();
        Exception? outcome = null;
        var run = new Thread(() =>
        {
            try
            {
                SearchRunner.Run(configuration, SmallStore.Value, observer: new StartedObserver(started), cancellationToken: cancel.Token);
            }
            catch (OperationCanceledException e)
            {
                outcome = e;
            }
        });
        run.Start();
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), $"{label} never made 100 queries");
        var clock = Stopwatch.StartNew();
        cancel.Cancel();
        bool stopped = run.Join(TimeSpan.FromSeconds(1));
        Assert.True(stopped, $"{label} still ran 1 s after the cancel");
        // A run that can query no more may end by itself between the 100th query and the cancel; the others are cancelled.
        Assert.True(outcome is OperationCanceledException || end != SearchEnd.BudgetSpent, $"{label} ended without being cancelled after {clock.Elapsed}");
    }

    /// <summary>Rejection sampling that (almost) never lands in the store is a loop of free iterations: with no cap it still
    /// cancels within a second, and with the cap it ends by itself, saying why.</summary>
    [Fact]
    public void FreeIterations_ObserveTheToken_AndTheCapEndsTheRun()
    {
        using var cancel = new CancellationTokenSource();
        var session = new SearchSession(SmallStore.Value, SearchProtocol.NasBench101, SearchBudget.OfQueries(10), new Random(0), cancellationToken: cancel.Token);
        for (long i = 0; i < SearchSession.MaxFreeIterations; i++)
        {
            Assert.True(session.Iterate());
        }

        Assert.False(session.Iterate());
        Assert.True(session.Exhausted);
        Assert.Equal(SearchEnd.FreeIterationCap, session.Ending);
        Assert.Equal("1,000,000 iterations in a row charged no query", session.EndNote);

        var cancelled = new SearchSession(SmallStore.Value, SearchProtocol.NasBench101, SearchBudget.OfQueries(10), new Random(0), cancellationToken: cancel.Token);
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
        {
            for (int i = 0; i < 1024; i++)
            {
                cancelled.Iterate();
            }
        });
    }

    /// <summary>The configuration-space searches whose model grows with every evaluation, on a sparse partial benchmark: almost
    /// every configuration they draw is free (invalid, or not held), so before the cap of
    /// <see cref="CellConfigurations.MaxFreeModelEvaluations"/> free evaluations in a row their runs never ended (each free
    /// evaluation grows the model, and a million of them would take days). Now each ends, saying why.</summary>
    public static TheoryData<string, SearchAlgorithmOptions, bool, string> ModelSearches() => new()
    {
        { "tpe", new TpeSearchOptions(), false, "10,000" },
        { "smac", new SmacSearchOptions { Challengers = 200 }, false, "1,000" }, // fewer challengers: the same cap, sooner
        { "bohb", new BohbSearchOptions(), true, "10,000" },
    };

    [Theory]
    [MemberData(nameof(ModelSearches))]
    public void OnAPartialBenchmark_AModelSearch_EndsAfterItsCapOfFreeEvaluations_SayingWhy(string label, SearchAlgorithmOptions options, bool allEpochs, string cap)
    {
        // The 30 real cells of 423,624 (for the multi-fidelity BOHB, the same 30 with all four budgets): a draw is held about
        // once in 10⁵. (On the 300-cell SYNTHETIC store above, TPE meets held cells often enough to spend its budget; so
        // does BOHB on MultiEpochData's 40, whose simple cells many configurations prune to.)
        var tables = allEpochs ? new BenchmarkTables(MultiEpochData.At([.. SearchData.Real30.Held.Order()])) : SearchData.Real30;
        var configuration = new SearchConfiguration(options, SearchBudget.OfQueries(Budget), SearchProtocol.NasBench101, 4);
        var results = SearchRunner.RunAll([configuration], tables, 2);
        Assert.All(results[0], r => Assert.Equal(SearchEnd.FreeIterationCap, r.End));
        Assert.All(results[0], r => Assert.True(r.Final.Step < Budget, $"{label}: {r.Final.Step} queries"));
        var notes = SearchFiles.Notes(results, tables);
        Assert.Contains(notes, n => n.StartsWith(options.Name + ":", StringComparison.Ordinal)
            && n.Contains(cap + " configurations in a row were invalid or not held by the benchmark", StringComparison.Ordinal));
    }

    /// <summary>A charged query resets the count: a run that still finds cells now and then is never cut.</summary>
    [Fact]
    public void FreeIterations_AChargedQuery_StartsTheCountAgain()
    {
        var session = new SearchSession(SmallStore.Value, SearchProtocol.NasBench101, SearchBudget.OfQueries(10), new Random(0));
        for (long i = 0; i < SearchSession.MaxFreeIterations; i++)
        {
            session.Iterate();
        }

        session.QueryCell(SmallStore.Value.Held[0]);
        Assert.True(session.Iterate());
        Assert.Equal(SearchEnd.BudgetSpent, session.Ending);
        Assert.Null(session.EndNote);
    }

    private sealed class StartedObserver(ManualResetEventSlim started) : ISearchObserver
    {
        public void OnProgress(in SearchProgress progress)
        {
            if (progress.Step >= 100)
            {
                started.Set();
            }
        }
    }
}
