using Microsoft.EntityFrameworkCore;

namespace NasBench.Web.Jobs;

/// <summary>The periodic checks of <see cref="WorkerHost"/> (its liveness is Hangfire's server heartbeats, not these).</summary>
public sealed partial class WorkerHost
{
    private string _serverIds = "";

    /// <summary>Every NasBench:Worker:HeartbeatSeconds of the injected clock: this worker's leases, the hand-over of dead
    /// workers' experiments (<see cref="ExperimentRecovery"/>) and the dispatch of held experiments.</summary>
    private async Task LoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(settings.Value.HeartbeatInterval, time);
        int tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await CheckAsync(++tick, stop);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    // A busy database (SQLite locked) or a lost connection: the next check tries again.
                    logger.LogWarning(e, "Worker {Id}: check failed", me.Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>One round of checks (the <paramref name="tick"/>-th).</summary>
    internal async Task CheckAsync(int tick, CancellationToken stop)
    {
        if (Error is not null)
        {
            return;
        }

        await RecordServersAsync(stop);
        await CheckLeasesAsync(stop);
        await recovery.RecoverAsync(lostJobs: tick % 15 == 0, stop);
        // Held experiments whose owner's slot freed without a dispatch here (a worker that died, another process).
        await services.GetRequiredService<ExperimentDispatcher>().TryDispatchAsync(null, stop);
    }

    /// <summary>Writes the ids of this process's Hangfire servers (name:pid:guid, known once they announced themselves)
    /// into its row: they link it to Hangfire's heartbeats. Until then it counts as starting (alive for StaleSeconds).</summary>
    private async Task RecordServersAsync(CancellationToken stop)
    {
        if (_serverIds.Length > 0 || _servers.Count == 0)
        {
            return;
        }

        // Hangfire announces a server on its own thread shortly after it starts.
        var deadline = time.GetUtcNow() + settings.Value.StaleAfter;
        string[] ids;
        while (true)
        {
            ids = [.. liveness.Servers().Keys.Where(me.IsOwnServer).Order(StringComparer.Ordinal)];
            if (ids.Length >= _servers.Count || time.GetUtcNow() >= deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, stop);
        }

        if (ids.Length == 0)
        {
            logger.LogWarning("Worker {Id}: Hangfire does not list its servers yet; the next check looks again", me.Id);
            return;
        }

        string joined = string.Join(',', ids);
        await using var db = await contexts.CreateDbContextAsync(stop);
        await db.Workers.Where(w => w.Id == me.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.ServerIds, joined), stop);
        // Not all of them yet: the next check completes the list.
        _serverIds = ids.Length >= _servers.Count ? joined : "";
    }

    /// <summary>Stops the runs of experiments whose lease this worker lost (declared dead while it was only slow, and
    /// handed to another worker).</summary>
    private async Task CheckLeasesAsync(CancellationToken stop)
    {
        var ids = running.Running;
        if (ids.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(stop);
        foreach (long lost in await ExperimentLease.LostAsync(db, ids, me.Id))
        {
            logger.LogWarning("Worker {Id} lost experiment {Experiment} to another worker: stopping its run here", me.Id, lost);
            running.Cancel(lost);
        }
    }
}
