using NasBench.Core.Benchmark.Query;
using NasBench.Core.Progress;

namespace NasBench.Core.Search;

/// <summary>Runs searches: one run, or several seeds in parallel on all cores (one thread per core) with identical results.</summary>
/// <remarks>
/// Run r of a configuration seeded s draws from two independent streams, <see cref="SeedStreams.Create"/>(s, r,
/// <see cref="StreamPurpose.Search"/>) for the algorithm and (s, r, <see cref="StreamPurpose.QueryRepeat"/>) for
/// the repeats its queries answer with, so changing an algorithm's draws never shifts the repeats. A cancelled
/// token stops every run at its next check (every 1024 queries or 1024 iterations, charged or not) and throws
/// <see cref="OperationCanceledException"/>. A run that can spend no more of its budget ends early; its result says why.
/// </remarks>
public static class SearchRunner
{
    /// <summary>Runs run number <paramref name="run"/> of a configuration.</summary>
    public static SearchResult Run(SearchConfiguration configuration, BenchmarkTables tables, int run = 0,
        ISearchObserver? observer = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(tables);
        configuration.Validate(tables);
        cancellationToken.ThrowIfCancellationRequested();
        var repeats = SeedStreams.Create(configuration.Seed, run, StreamPurpose.QueryRepeat);
        var session = new SearchSession(tables, configuration.Protocol, configuration.Budget, repeats, time, observer, cancellationToken);
        configuration.Algorithm.Create().Run(session, SeedStreams.Create(configuration.Seed, run, StreamPurpose.Search));
        session.Finish();
        return new SearchResult(configuration, run, tables.IsSynthetic, [.. session.Trajectory]) { End = session.Ending, EndNote = session.EndNote };
    }

    /// <summary>
    /// Runs <paramref name="runs"/> seeds (on all cores when <paramref name="parallel"/>, <see cref="StartAll"/>); each run owns its random
    /// streams, so the results do not depend on scheduling. <paramref name="runDone"/> is called (from any thread)
    /// after each run.
    /// </summary>
    public static SearchResult[] RunMany(SearchConfiguration configuration, BenchmarkTables tables, int runs,
        bool parallel = true, Action<SearchResult>? runDone = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (parallel)
        {
            return RunAll([configuration], tables, runs, runDone, time, cancellationToken)[0];
        }

        ArgumentNullException.ThrowIfNull(tables);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        configuration.Validate(tables);
        var results = new SearchResult[runs];
        for (int r = 0; r < runs; r++)
        {
            results[r] = Run(configuration, tables, r, time: time, cancellationToken: cancellationToken);
            runDone?.Invoke(results[r]);
        }

        return results;
    }

    /// <summary>
    /// Runs <paramref name="runs"/> seeds of every configuration as one parallel batch (better load balance than one
    /// configuration at a time); results[c][r] is run r of configuration c, identical to a sequential run.
    /// </summary>
    public static SearchResult[][] RunAll(IReadOnlyList<SearchConfiguration> configurations, BenchmarkTables tables, int runs,
        Action<SearchResult>? runDone = null, TimeProvider? time = null, CancellationToken cancellationToken = default) =>
        RunAll(configurations, tables, runs, static (_, _) => null, runDone, time, cancellationToken);

    /// <summary>
    /// As <see cref="RunAll(IReadOnlyList{SearchConfiguration}, BenchmarkTables, int, Action{SearchResult}?, TimeProvider?, CancellationToken)"/>,
    /// with an observer per run: <paramref name="observerFactory"/>(c, r) is asked (on the run's thread, before it
    /// starts) for the observer of run r of configuration c, or null for none.
    /// </summary>
    public static SearchResult[][] RunAll(IReadOnlyList<SearchConfiguration> configurations, BenchmarkTables tables, int runs,
        Func<int, int, ISearchObserver?> observerFactory, Action<SearchResult>? runDone = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        SearchResult[][] results = [.. configurations.Select(_ => new SearchResult[runs])];
        // StartAll checks the other arguments and validates every configuration before any run starts.
        var work = StartAll(configurations, tables, runs, observerFactory, (c, r, result) =>
        {
            results[c][r] = result;
            runDone?.Invoke(result);
        }, time, cancellationToken);
        try
        {
            work.Wait(CancellationToken.None);
        }
        catch (AggregateException e) when (cancellationToken.IsCancellationRequested && e.Flatten().InnerExceptions.All(x => x is OperationCanceledException))
        {
            throw new OperationCanceledException("The search was cancelled.", e, cancellationToken);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.Where(x => x is not OperationCanceledException).ToList() is [var only])
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(only);
        }

        return results;
    }

    /// <summary>The key under which a failed run's exception names the run (<see cref="Exception.Data"/>).</summary>
    public const string FailedRunKey = "NasBench.FailedRun";

    /// <summary>
    /// Starts every (configuration, run) on one dedicated thread per core, each taking the next job when it is done, and
    /// returns at once; the task ends when all have ended. Not on the thread pool: long CPU-bound runs on pool threads
    /// starve everything else of the process (in the lab server the pages, SignalR and the live pump waited seconds for
    /// the pool to grow; in the tests a cancel timer, itself a pool callback, fired 13 s late under Parallel.For).
    /// <paramref name="observerFactory"/>(c, r) and <paramref name="runDone"/>(c, r, result) are called on the run's
    /// thread. A cancelled token, or a failed run, stops the threads at their next job; the task then faults with the
    /// exceptions (OperationCanceledExceptions only, when cancelled), as Parallel.For would.
    /// </summary>
    public static Task StartAll(IReadOnlyList<SearchConfiguration> configurations, BenchmarkTables tables, int runs,
        Func<int, int, ISearchObserver?> observerFactory, Action<int, int, SearchResult> runDone, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(observerFactory);
        ArgumentNullException.ThrowIfNull(runDone);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        foreach (var configuration in configurations)
        {
            configuration.Validate(tables);
        }

        int jobs = configurations.Count * runs;
        int threads = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, jobs));
        int next = -1, running = threads;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Work()
        {
            try
            {
                int job;
                while (errors.IsEmpty && (job = Interlocked.Increment(ref next)) < jobs)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int c = job / runs, r = job % runs;
                    try
                    {
                        runDone(c, r, Run(configurations[c], tables, r, observerFactory(c, r), time, cancellationToken));
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Which run failed, for the report (the CLI prints it beside an unexpected error's message): a
                        // failure deep in a long comparison must be reproducible from its configuration and run alone.
                        e.Data[FailedRunKey] = $"{configurations[c].Algorithm.GetType().Name.Replace("Options", string.Empty, StringComparison.Ordinal)} " +
                            $"configuration {c}, run {r}, seed {configurations[c].Seed}";
                        throw;
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (Exception e) // every exception of a run thread goes to the task: one left on the thread kills the process
            {
                errors.Enqueue(e);
            }
            finally
            {
                if (Interlocked.Decrement(ref running) == 0)
                {
                    _ = errors.IsEmpty ? done.TrySetResult() : done.TrySetException(errors);
                }
            }
        }

        for (int t = 0; t < threads; t++)
        {
            new Thread(Work) { IsBackground = true, Name = $"search {t}" }.Start();
        }

        return done.Task;
    }
}
