using System.Collections.Concurrent;
using System.Diagnostics;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments.Runners;

/// <summary>
/// Runs <c>search</c> and <c>compare</c> requests: every (algorithm, run) in parallel on all cores, live incumbent
/// points and progress, then the files (trajectories.csv, aggregate.csv, summary.txt) and figures into the sink.
/// </summary>
/// <remarks>
/// <code>
/// benchmark = provider.Open(request.Source); tables = benchmark.TablesAt(request.Epochs)
/// configurations = one per algorithm (partial benchmark: restricted samplers, uniform random search)
/// one thread per core, each taking the next (c, r): SearchRunner.Run(configurations[c], tables, r, observer → queue of incumbent changes)
/// one pump (the only writer of the sink): every 200 ms drain the queues → sink points, finished runs, flush, progress
/// end: SearchFiles → artifacts and figures; sink.Complete(succeeded | cancelled and partial)
/// </code>
/// Runs are deterministic given (request, benchmark), so a re-run writes the same points under the same keys.
/// </remarks>
/// <param name="provider">Where benchmarks are read.</param>
/// <param name="kind">search or compare.</param>
/// <param name="livePoints">Whether incumbent points are reported while runs go.</param>
/// <param name="time">The clock (tests pass a fake one).</param>
/// <param name="predictors">alphax's meta-DNN: NasBench.Training's where the host references it, else null (alphax then fails with a message).</param>
public sealed class SearchExperimentRunner(BenchmarkProvider provider, string kind = ExperimentKinds.Search, bool livePoints = true, TimeProvider? time = null,
    IArchitecturePredictorFactory? predictors = null) : IExperimentRunner
{
    /// <inheritdoc/>
    public string Kind { get; } = kind is ExperimentKinds.Search or ExperimentKinds.Compare ? kind : throw new ArgumentException($"A search runner runs search or compare, not {kind}.", nameof(kind));

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken) =>
        request is SearchSettings settings && settings.Kind == Kind
            ? (await RunSearchAsync(settings, sink, progress, cancellationToken).ConfigureAwait(false)).Outcome
            : throw new ArgumentException($"The {Kind} runner got a {request?.Kind} request.", nameof(request));

    /// <summary>Runs the request and returns the results too (the CLI prints its table from them).</summary>
    public async Task<SearchExperimentResult> RunSearchAsync(SearchSettings request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        request.ThrowIfInvalid();
        var benchmark = await provider.OpenAsync(request.Source, progress, cancellationToken).ConfigureAwait(false);
        var tables = benchmark.TablesAt(request.Epochs);
        RequireHeldStartCell(request, benchmark, tables);
        var configurations = SearchAlgorithmFactory.Configurations(request, benchmark.IsComplete, predictors);
        var live = new LiveRuns(configurations, request.Runs);
        var clock = Stopwatch.StartNew();
        var work = SearchRunner.StartAll(configurations, tables, request.Runs, (c, r) => livePoints ? live.Observer(c, r) : null, live.Done, time, cancellationToken);
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(200, CancellationToken.None)).ConfigureAwait(false);
            await live.DrainAsync(sink, progress, clock.Elapsed, CancellationToken.None).ConfigureAwait(false);
        }

        await live.DrainAsync(sink, progress, clock.Elapsed, CancellationToken.None).ConfigureAwait(false);
        bool cancelled = work.IsCanceled || (work.IsFaulted && work.Exception!.Flatten().InnerExceptions.All(e => e is OperationCanceledException));
        if (work.IsFaulted && !cancelled)
        {
            var errors = work.Exception!.Flatten().InnerExceptions.Where(e => e is not OperationCanceledException).ToList();
            throw errors.Count == 1 ? errors[0] : work.Exception;
        }

        var notes = benchmark.Notes.Concat(SearchFiles.Notes(live.Results, tables)).ToList();
        if (cancelled)
        {
            notes.Add($"Cancelled after {live.Finished} of {configurations.Count * request.Runs} runs: the files hold the finished runs only (partial).");
        }

        var outcome = cancelled ? ExperimentOutcome.Cancelled(notes) : ExperimentOutcome.Succeeded(notes);
        var result = new SearchExperimentResult(request, benchmark, live.Results, clock.Elapsed.TotalSeconds, outcome);
        if (result.Finished.All(r => r.Length > 0))
        {
            await SearchFiles.WriteAsync(sink, result, CancellationToken.None).ConfigureAwait(false);
        }

        await sink.CompleteAsync(outcome, CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>A start cell the benchmark lacks would fail the first query deep inside a run: refuse it up front.</summary>
    private static void RequireHeldStartCell(SearchSettings request, OpenBenchmark benchmark, BenchmarkTables tables)
    {
        if (request.StartCell is { } text && CellArgument.Parse(text, "startCell") is var spec && !tables.Contains(benchmark.Data.Space.IndexOfPruned(spec.Cell)))
        {
            throw new RequestValidationException([new RequestError("startCell",
                $"--start-cell: the benchmark holds no {request.Epochs}-epoch results for cell {spec.Hash} ({benchmark.Describe()}).")]);
        }
    }

    /// <summary>The state shared between the run threads and the pump: queues of new points and finished runs.</summary>
    private sealed class LiveRuns(IReadOnlyList<SearchConfiguration> configurations, int runs)
    {
        private readonly ConcurrentQueue<SearchPoint> _points = new();
        private readonly ConcurrentQueue<(RunKey Key, SearchResult Result)> _done = new();
        private readonly double[] _fractions = new double[configurations.Count * runs];
        private readonly int _runs = runs;
        private int _finished;

        public SearchResult[][] Results { get; } = [.. configurations.Select(_ => new SearchResult[runs])];

        public int Finished => Volatile.Read(ref _finished);

        public ISearchObserver Observer(int c, int r) => new IncumbentObserver(this, new RunKey(c, r), configurations[c]);

        public void Done(int c, int r, SearchResult result)
        {
            Results[c][r] = result;
            Volatile.Write(ref _fractions[(c * _runs) + r], 1);
            Interlocked.Increment(ref _finished);
            _done.Enqueue((new RunKey(c, r), result));
        }

        public async Task DrainAsync(IResultSink sink, IProgress<ExperimentProgress>? progress, TimeSpan elapsed, CancellationToken cancellationToken)
        {
            SearchPoint? latest = null;
            var batch = new List<SearchPoint>();
            while (_points.TryDequeue(out var point))
            {
                batch.Add(point);
                latest = point;
            }

            foreach (var group in batch.GroupBy(p => p.Run))
            {
                await sink.AddSearchPointsAsync(group.Key, group.First().Algorithm, [.. group.Select(p => p.Progress)], cancellationToken).ConfigureAwait(false);
            }

            while (_done.TryDequeue(out var done))
            {
                await sink.CompleteSearchRunAsync(done.Key, done.Result, cancellationToken).ConfigureAwait(false);
                latest = new SearchPoint(done.Key, done.Result.Algorithm, done.Result.Final);
            }

            // One write for the whole drain: a 100-run search commits a few times, not once per finished run.
            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);

            double fraction = 0;
            for (int i = 0; i < _fractions.Length; i++)
            {
                fraction += Volatile.Read(ref _fractions[i]);
            }

            fraction /= _fractions.Length;
            progress?.Report(new ExperimentProgress(fraction, $"{Finished} of {_fractions.Length} runs done")
            {
                Remaining = Eta.Remaining(fraction, elapsed),
                Point = latest,
            });
        }

        /// <summary>Queues the incumbent changes of one run and keeps its fraction of the budget up to date (cheap: called every query).</summary>
        private sealed class IncumbentObserver(LiveRuns owner, RunKey key, SearchConfiguration configuration) : ISearchObserver
        {
            private readonly int _slot = (key.Configuration * owner._runs) + key.Run;
            private int _incumbent = -1;
            private double _validation = double.NaN;

            public void OnProgress(in SearchProgress progress)
            {
                if (progress.IncumbentCell != _incumbent || !progress.IncumbentValidationAccuracy.Equals(_validation))
                {
                    _incumbent = progress.IncumbentCell;
                    _validation = progress.IncumbentValidationAccuracy;
                    owner._points.Enqueue(new SearchPoint(key, configuration.Algorithm.Name, progress));
                }

                if ((progress.Step & 1023) == 0)
                {
                    var budget = configuration.Budget;
                    double f = Math.Max(
                        budget.Queries is { } q ? (double)progress.Step / q : 0,
                        budget.SimulatedSeconds is { } s ? progress.SimulatedSeconds / s : 0);
                    f = Math.Max(f, budget.WallClock is { } w ? progress.WallClockSeconds / w.TotalSeconds : 0);
                    Volatile.Write(ref owner._fractions[_slot], Math.Min(f, 0.999));
                }
            }
        }
    }
}
