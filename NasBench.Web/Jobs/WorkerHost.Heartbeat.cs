using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace NasBench.Web.Jobs;

/// <summary>The heartbeat loop of <see cref="WorkerHost"/>.</summary>
public sealed partial class WorkerHost
{
    private string _serverIds = "";

    private async Task LoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(settings.Value.HeartbeatInterval);
        int tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await BeatAsync(stop);
                    if (Error is null)
                    {
                        await recovery.RecoverAsync(lostJobs: ++tick % 15 == 0, stop);
                        // Held experiments whose owner's slot freed without a dispatch here (a worker that died, another process).
                        await services.GetRequiredService<ExperimentDispatcher>().TryDispatchAsync(null, stop);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    // A busy database (SQLite locked) or a lost connection: the next beat tries again.
                    logger.LogWarning(e, "Worker {Id}: heartbeat failed", me.Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task BeatAsync(CancellationToken stop)
    {
        var ids = running.Running;
        if (_serverIds.Length == 0 && _servers.Count > 0)
        {
            // Hangfire names a server name:pid:guid once it has announced itself.
            string pid = $":{Environment.ProcessId}:";
            _serverIds = string.Join(',', services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers()
                .Select(s => s.Name).Where(n => n.StartsWith(Environment.MachineName + "-", StringComparison.Ordinal) && n.Contains(pid, StringComparison.Ordinal)));
        }

        var now = time.GetUtcNow();
        string runs = string.Join(',', ids.Order());
        await using var db = await contexts.CreateDbContextAsync(stop);
        await db.Workers.Where(w => w.Id == me.Id).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.HeartbeatAt, now).SetProperty(w => w.Running, runs).SetProperty(w => w.ServerIds, _serverIds), stop);
        _lastBeat = now;
        if (ids.Count > 0)
        {
            foreach (long lost in await ExperimentLease.LostAsync(db, ids, me.Id))
            {
                // Declared dead while it was only slow, and handed to another worker: stop writing.
                logger.LogWarning("Worker {Id} lost experiment {Experiment} to another worker: stopping its run here", me.Id, lost);
                running.Cancel(lost);
            }
        }
    }
}
