using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Jobs;

/// <summary>
/// Graceful shutdown (SIGTERM, Ctrl+C): the experiments running in this process go back to <c>queued</c> the moment the
/// host starts stopping, before Hangfire's servers stop and fire the jobs' tokens. Hangfire puts an aborted job back on
/// its queue; <see cref="ExperimentRecovery"/> re-queues it at the next start if that was lost. The re-run resumes
/// (trainings from their last epoch checkpoint, searches skipping stored points) and <c>attempts</c> counts it.
/// </summary>
public sealed class GracefulShutdown(
    IHostApplicationLifetime lifetime,
    IDbContextFactory<LabDbContext> contexts,
    CancellationRegistry running,
    ExperimentChanges changes,
    ILogger<GracefulShutdown> logger) : IHostedService
{
    /// <summary>The progress message of an experiment re-queued by a shutdown.</summary>
    public const string Message = "re-queued: the server shut down; it resumes at the next start";

    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Synchronous on purpose: the host runs the hosted services' StopAsync (Hangfire's servers) only after this returns.
        _stopping = lifetime.ApplicationStopping.Register(() => RequeueRunning().GetAwaiter().GetResult());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    private async Task RequeueRunning()
    {
        try
        {
            var ids = running.Running.ToArray();
            if (ids.Length == 0)
            {
                return;
            }

            await using var db = await contexts.CreateDbContextAsync();
            // Only rows still running: a job that finished a moment ago keeps its final state.
            int requeued = await changes.ApplyAsync(ids, () => db.Experiments.Where(e => ids.Contains(e.Id) && e.Status == ExperimentStates.Running && !e.CancelRequested)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExperimentStates.Queued).SetProperty(e => e.ProgressMessage, Message)));
            logger.LogInformation("Shutting down: {Count} running experiment(s) re-queued ({Ids})", requeued, string.Join(", ", ids));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A shutdown must not fail; the start-up recovery re-queues whatever is left running.
            logger.LogWarning(e, "Could not re-queue the running experiments at shutdown");
        }
    }
}
