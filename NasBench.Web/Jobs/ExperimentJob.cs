using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Training.Experiments;
using NasBench.Training.Trainers;
using NasBench.Web.Data;
using NasBench.Web.Live;

namespace NasBench.Web.Jobs;

/// <summary>
/// The one Hangfire job: a thin adapter from an experiment id to the runner of its kind. It loads the request, runs it
/// with the EF sink, the progress writer and a token (Hangfire's, linked with this process's cancel registry), and
/// records how it ended. Idempotent: a finished experiment is not run again, and a re-run skips stored rows.
/// </summary>
public sealed class ExperimentJob(
    IDbContextFactory<LabDbContext> contexts,
    IEnumerable<IExperimentRunner> runners,
    BenchmarkProvider benchmarks,
    ExperimentNotifier notifier,
    ExperimentChanges changes,
    CancellationRegistry cancellations,
    TrainingWorker trainingWorker,
    WorkerIdentity me,
    IConfiguration configuration,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    JobStorage storage,
    IBackgroundJobClient jobs,
    ExperimentDispatcher dispatcher,
    WorkerLiveness liveness,
    TimeProvider time,
    ILogger<ExperimentJob> logger)
{
    /// <summary>Runs experiment <paramref name="experimentId"/>; the only job argument is the id.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task Run(long experimentId, CancellationToken cancellationToken)
    {
        var experiment = await StartAsync(experimentId);
        if (experiment is null)
        {
            return;
        }

        using var registration = cancellations.Register(experimentId, cancellationToken);
        var progress = new ProgressWriter(contexts, changes, experimentId);
        using var stopProgress = new CancellationTokenSource();
        var progressLoop = progress.RunAsync(registration.Cancel, stopProgress.Token);
        EfResultSink? sink = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan opened = TimeSpan.Zero, ran = TimeSpan.Zero;
        try
        {
            var (request, runner) = Prepare(experiment.ValidRequest, experimentId);
            if (request is BenchmarkRequest benchmark)
            {
                await RecordBenchmarkAsync(experimentId, await benchmarks.OpenAsync(benchmark.Source, progress, registration.Token));
            }

            opened = clock.Elapsed;

            var folder = new FolderSink(LabPaths.ExperimentDirectory(experimentId), services.GetService<IFigureRenderer>());
            sink = new EfResultSink(contexts, experimentId, folder, notifier);
            var outcome = await runner.RunAsync(request, sink, progress, registration.Token);
            ran = clock.Elapsed;
            if (request is BenchmarkSetupRequest && outcome.Status == ExperimentStatus.Succeeded)
            {
                // A benchmark setup's benchmark is the store it made (the lab's from now on).
                await RecordBenchmarkAsync(experimentId, await benchmarks.OpenAsync(BenchmarkSource.Default, null, registration.Token));
            }

            if (outcome.Status == ExperimentStatus.Succeeded && Directory.Exists(LabPaths.CheckpointDirectory(configuration, experimentId)))
            {
                // Done: the checkpoints only served a resume.
                Directory.Delete(LabPaths.CheckpointDirectory(configuration, experimentId), recursive: true);
            }

            await FinishAsync(experimentId, outcome.Status switch
            {
                ExperimentStatus.Succeeded => ExperimentStates.Succeeded,
                ExperimentStatus.Cancelled => ExperimentStates.Cancelled,
                _ => ExperimentStates.Failed,
            }, outcome.Error);
        }
        catch (OperationCanceledException)
        {
            if (await CancelRequestedAsync(experimentId))
            {
                await FinishAsync(experimentId, ExperimentStates.Cancelled, null);
            }
            else if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Shutdown: GracefulShutdown re-queued it (else the next start does; the re-run skips what is stored).
                logger.LogInformation("Experiment {Id} interrupted by shutdown; it is re-queued at the next start", experimentId);
                throw;
            }
            else
            {
                // Neither a cancel nor a shutdown: the lease went to another worker, or Hangfire aborted this job.
                await AbortedAsync(experimentId);
            }
        }
        catch (RequestValidationException e)
        {
            await FinishAsync(experimentId, ExperimentStates.Failed, e.Message);
        }
        catch (Exception e)
        {
            // People see the message, never the stack trace; the log has everything.
            logger.LogError(e, "Experiment {Id} failed", experimentId);
            await FinishAsync(experimentId, ExperimentStates.Failed, e.Message);
        }
        finally
        {
            await stopProgress.CancelAsync();
            await progressLoop;
            if (sink is not null)
            {
                await sink.FlushPendingAsync();
            }

            await progress.FlushAsync();
            if (sink is not null)
            {
                var (writing, commits, rows) = sink.SearchWrites;
                logger.LogInformation("Experiment {Id} took {Total:F0} ms: benchmark {Open:F0} ms, runner {Run:F0} ms (search rows: {Rows} in {Commits} commits, {Writing:F0} ms)",
                    experimentId, clock.Elapsed.TotalMilliseconds, opened.TotalMilliseconds, ((ran > opened ? ran : clock.Elapsed) - opened).TotalMilliseconds, rows, commits, writing.TotalMilliseconds);
            }

            // Its owner's slot on the queue is free: the next held experiment (least-served user first) goes to Hangfire.
            await dispatcher.TryDispatchAsync(experiment.Queue, CancellationToken.None);
        }
    }

    /// <summary>The request as this worker runs it and its runner. Trainings checkpoint every epoch under the data folder,
    /// keyed by experiment (unless the request names its own folder), so a job that runs again resumes from the last
    /// epoch; a transfer study and the advisor keep one checkpoint per short training there. Neither changes the results or the files.</summary>
    private (ExperimentRequest Request, IExperimentRunner Runner) Prepare(ExperimentRequest request, long experimentId)
    {
        string checkpoints = LabPaths.CheckpointDirectory(configuration, experimentId);
        if (request is TrainingRequestBase gpu && me.DeviceOnServer(gpu.Device, JobContextFilter.Job?.ServerId) is var device && device != gpu.Device)
        {
            // A per-GPU server trains on its own GPU (WorkerIdentity.GpuOf), not on every process's default cuda:0.
            request = gpu with { Device = device };
        }

        return request switch
        {
            TrainingRequest { CheckpointDir: null } training => (training with { CheckpointDir = checkpoints }, Runner(request.Kind)),
            TransferRequest => (request, new TransferRunner(benchmarks, trainingWorker, checkpoints)),
            NasBench.Training.Advisor.AdviseRequest => (request, new NasBench.Training.Advisor.AdviseRunner(benchmarks, trainingWorker, checkpoints)),
            _ => (request, Runner(request.Kind)),
        };
    }

    private IExperimentRunner Runner(string kind) => runners.FirstOrDefault(r => r.Kind == kind)
        ?? throw new RequestValidationException([new RequestError("kind", $"This worker has no runner for kind '{kind}'.")]);

    /// <summary>Claims the experiment for this job and worker (<see cref="ExperimentLease"/>): null when it is deleted,
    /// done, cancelled, held by a live worker, or this is a stale copy of a job that was re-queued under a new id.</summary>
    private async Task<Experiment?> StartAsync(long experimentId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var experiment = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == experimentId);
        if (experiment is null || ExperimentStates.IsFinal(experiment.Status))
        {
            return null;
        }

        if (await PoisonedAsync(db, experiment))
        {
            return null;
        }

        var job = JobContextFilter.Job;
        string device = DeviceOf(experiment.Request);
        // Not running here now: a run of this job on this worker that is marked running is an orphan to take back (a retry).
        bool orphanedHere = !cancellations.Running.Contains(experimentId);
        var live = await liveness.LiveWorkerIdsAsync(db);
        if (!await changes.ApplyAsync(experimentId, () => ExperimentLease.ClaimAsync(db, experimentId, job?.JobId, me.Id, job?.ServerId, device,
                live, orphanedHere, time)))
        {
            if (experiment.CancelRequested)
            {
                var now = time.GetUtcNow();
                await changes.UpdateAsync(experimentId, e => e.Status == ExperimentStates.Queued, s => s
                    .SetProperty(e => e.Status, ExperimentStates.Cancelled).SetProperty(e => e.FinishedAt, now));
            }
            else
            {
                logger.LogInformation("Experiment {Id}: job {Job} is stale or another worker holds it; nothing to do", experimentId, job?.JobId);
            }

            return null;
        }

        // The row as read before the claim (the run reads only its kind, queue and request, which the claim does not
        // change): its request, parsed once, serves both DeviceOf and Run.
        int attempt = await db.Experiments.AsNoTracking().Where(e => e.Id == experimentId).Select(e => e.Attempts).SingleAsync();
        logger.LogInformation("Experiment {Id} ({Kind}) started, attempt {Attempt}, on {Worker} ({Device})", experimentId, experiment.Kind, attempt, me.Id, device);
        return experiment;
    }

    /// <summary>The poison-job rule: a run that has started NasBench:Limits:MaxAttempts times and never finished (its worker
    /// died each time: out of memory, a crash) is marked failed with the reason instead of taking the next worker down too.
    /// A run re-queued by a graceful shutdown is not suspect and starts again.</summary>
    private async Task<bool> PoisonedAsync(LabDbContext db, Experiment experiment)
    {
        int max = services.GetService<Microsoft.Extensions.Options.IOptions<Account.LabLimitsOptions>>()?.Value.MaxAttempts ?? 2;
        if (experiment.Attempts < max || experiment.ProgressMessage == GracefulShutdown.Message || experiment.CancelRequested)
        {
            return false;
        }

        string reason = $"Stopped after {experiment.Attempts} starts that never finished (the worker died each time, e.g. out of memory): " +
            $"not started again (poison-job rule, NasBench:Limits:MaxAttempts = {max}). Launch it again with a smaller shape or batch.";
        // Only what this job could claim (ExperimentLease's conditions): queued, or running on a dead worker, under this job.
        string? jobId = JobContextFilter.Job?.JobId;
        var now = time.GetUtcNow();
        var live = (await liveness.LiveWorkerIdsAsync(db)).ToList();
        bool failed = await changes.ApplyAsync(experiment.Id, async () => await db.Experiments
            .Where(e => e.Id == experiment.Id && e.Attempts == experiment.Attempts && !e.CancelRequested && (e.JobId == null || e.JobId == jobId)
                && (e.Status == ExperimentStates.Queued || (e.Status == ExperimentStates.Running
                    && (e.WorkerId == null || !live.Contains(e.WorkerId)))))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExperimentStates.Failed).SetProperty(e => e.Error, reason)
                .SetProperty(e => e.FinishedAt, now).SetProperty(e => e.ProgressMessage, "failed: poison-job rule")) == 1);
        if (failed)
        {
            logger.LogWarning("Experiment {Id}: {Reason}", experiment.Id, reason);
        }

        return failed;
    }

    /// <summary>What the run computes on: the training's device, else the CPU (a request that does not parse fails later, in Run).</summary>
    private string DeviceOf(ExperimentRequest? request) =>
        request is TrainingRequestBase training ? me.TrainingDevice(me.DeviceOnServer(training.Device, JobContextFilter.Job?.ServerId)) : "cpu";

    private async Task RecordBenchmarkAsync(long experimentId, OpenBenchmark open)
    {
        await using var db = await contexts.CreateDbContextAsync();
        string source = open.SourceFile ?? (open.IsSynthetic ? $"synthetic seed {open.Source.SyntheticSeed}" : open.Source.Key);
        await db.Experiments.Where(e => e.Id == experimentId).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.BenchmarkSource, source).SetProperty(e => e.BenchmarkSha256, open.Sha256).SetProperty(e => e.Synthetic, open.IsSynthetic));
    }

    /// <summary>The run's token fired while the app runs and nobody asked to cancel. Either the worker's check found the lease
    /// lost (another worker runs it now: nothing to write), or Hangfire aborted the job because its state changed under
    /// it (the abort watcher, every CancellationCheckInterval): deleted from the dashboard → the experiment is cancelled;
    /// anything else (the job performed elsewhere, re-queued, expired) → the experiment goes back on its queue under a
    /// new job, so it never stays "running" with nothing running it. The re-run resumes (attempts counts it).</summary>
    private async Task AbortedAsync(long experimentId)
    {
        string? jobId = JobContextFilter.Job?.JobId;
        await using var db = await contexts.CreateDbContextAsync();
        var row = await db.Experiments.AsNoTracking().Where(e => e.Id == experimentId).Select(e => new { e.WorkerId, e.JobId }).SingleOrDefaultAsync();
        if (row is null || row.WorkerId != me.Id || (jobId is not null && row.JobId != jobId))
        {
            logger.LogWarning("Experiment {Id}: stopped here, its lease is another worker's or job's now ({Worker}, job {Job})", experimentId, row?.WorkerId, row?.JobId);
            return;
        }

        string? state = null;
        if (jobId is not null)
        {
            using var connection = storage.GetConnection();
            state = connection.GetStateData(jobId)?.Name;
        }

        if (state == Hangfire.States.DeletedState.StateName)
        {
            logger.LogWarning("Experiment {Id}: its job {Job} was deleted (Hangfire dashboard): cancelled", experimentId, jobId);
            await FinishAsync(experimentId, ExperimentStates.Cancelled, $"Its Hangfire job {jobId} was deleted in the dashboard.");
            return;
        }

        bool requeued = await changes.ApplyAsync(experimentId, () => ExperimentLease.RequeueIfAsync(db, jobs, experimentId, ExperimentStates.Running, row.JobId, me.Id,
            $"re-queued: Hangfire aborted its job {jobId} (now {state ?? "gone"})"));
        logger.LogWarning("Experiment {Id}: Hangfire aborted its job {Job} (state now {State}); {What}", experimentId, jobId, state ?? "gone",
            requeued ? "re-queued under a new job" : "it moved on meanwhile");
    }

    private async Task<bool> CancelRequestedAsync(long experimentId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Experiments.AnyAsync(e => e.Id == experimentId && e.CancelRequested);
    }

    private async Task FinishAsync(long experimentId, string status, string? error)
    {
        var now = time.GetUtcNow();
        // A busy database (SQLite shared by several processes) must not leave a finished run marked running: try again a
        // few times; if it still fails, Hangfire's retry takes the orphan back (ClaimAsync) and runs it again.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // Only while this worker holds the lease: one that was declared dead and replaced must not end the new run.
                await changes.UpdateAsync(experimentId, e => e.WorkerId == me.Id, s => s
                    .SetProperty(e => e.Status, status).SetProperty(e => e.Error, error).SetProperty(e => e.FinishedAt, now)
                    .SetProperty(e => e.Progress, e => status == ExperimentStates.Succeeded ? 1 : e.Progress));
                break;
            }
            catch (System.Data.Common.DbException e) when (attempt < 5)
            {
                logger.LogWarning(e, "Experiment {Id}: recording {Status} failed (attempt {Attempt}); trying again", experimentId, status, attempt);
                await Task.Delay(200 * attempt);
            }
        }

        logger.LogInformation("Experiment {Id} {Status}", experimentId, status);
    }
}
