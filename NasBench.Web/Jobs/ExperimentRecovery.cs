using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Jobs;

/// <summary>
/// Hand-over (roles all and worker): experiments left running by a worker that is gone go back on their queue, so a
/// live worker resumes them (trainings from their last epoch checkpoint, searches skipping what is stored; attempts
/// counts the starts). A worker is gone when Hangfire no longer lists a live server of it (<see cref="WorkerLiveness"/>:
/// its servers' heartbeats are older than the stale time, or it stopped and its servers were removed), or at once when
/// it ran on this host and its process is gone (a restarted worker re-queues its previous instance's experiments at
/// start-up instead of waiting for the stale time). Every live worker checks every NasBench:Worker:HeartbeatSeconds
/// (<see cref="WorkerHost"/>); <see cref="ExperimentLease"/>'s conditional UPDATE lets only one of them re-queue an
/// experiment. Queued experiments whose Hangfire job was lost are re-queued too (checked at start-up and every 15 checks).
/// </summary>
public sealed class ExperimentRecovery(
    IDbContextFactory<LabDbContext> contexts,
    IBackgroundJobClient jobs,
    JobStorage storage,
    WorkerIdentity me,
    ExperimentChanges changes,
    WorkerLiveness liveness,
    ILogger<ExperimentRecovery> logger)
{
    /// <summary>Re-queues what dead workers left running (and, with <paramref name="lostJobs"/>, queued experiments whose
    /// job is gone); returns how many experiments this call re-queued.</summary>
    public async Task<int> RecoverAsync(bool lostJobs, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // A held experiment (waiting its turn, ExperimentDispatcher) has no job on purpose: not lost. Ask/tell session
        // experiments run in the web process that holds their sessions, under no job: never re-queued.
        var open = await db.Experiments.AsNoTracking().Where(e => e.Kind != NasBench.Core.Experiments.ExperimentKinds.Session)
            .Where(e => e.Status == ExperimentStates.Running || (lostJobs && e.Status == ExperimentStates.Queued && e.JobId != ExperimentDispatcher.Held))
            .Select(e => new { e.Id, e.Status, e.Worker, e.WorkerId, e.JobId }).ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return 0;
        }

        var workers = await db.Workers.AsNoTracking().ToDictionaryAsync(w => w.Id, cancellationToken);
        var servers = liveness.Servers();
        var listed = servers.Keys.ToHashSet(StringComparer.Ordinal);
        int requeued = 0;
        foreach (var e in open)
        {
            string? why = null;
            if (e.Status == ExperimentStates.Running)
            {
                bool dead = e.WorkerId is null ? !IsAlive(e.Worker, listed) : !workers.TryGetValue(e.WorkerId, out var w) || Dead(w, servers);
                why = dead ? $"re-queued: its worker {e.WorkerId ?? e.Worker ?? "(none)"} is gone" : null;
            }
            else if (LostJob(e.JobId, listed, workers.Values, servers))
            {
                why = "re-queued: its job was lost";
            }

            if (why is not null && await changes.ApplyAsync(e.Id, () => ExperimentLease.RequeueIfAsync(db, jobs, e.Id, e.Status, e.JobId, e.WorkerId, why)))
            {
                requeued++;
                logger.LogWarning("Experiment {Id} was {Status} on {Worker}: {Why} (by {Me})", e.Id, e.Status, e.WorkerId ?? e.Worker ?? "no worker", why, me.Id);
            }
        }

        return requeued;
    }

    /// <summary>Gone: not alive by Hangfire's heartbeats of its servers (<see cref="WorkerLiveness.IsAlive"/>), or on this
    /// host with its process gone (or this pid reused by a new instance: a container restarts its worker as pid 1 again).</summary>
    internal bool Dead(LabWorker worker, IReadOnlyDictionary<string, DateTimeOffset> servers) =>
        worker.Id != me.Id && (!liveness.IsAlive(worker, servers)
            || (worker.Host == me.Host && (worker.Pid == Environment.ProcessId || !ProcessRuns(worker.Pid))));

    /// <summary>A queued experiment's job is lost when Hangfire no longer has it waiting, or has it processing on a
    /// server of no live worker (a graceful shutdown's re-queue whose job was not put back).</summary>
    private bool LostJob(string? jobId, IReadOnlySet<string> listed, IEnumerable<LabWorker> workers, IReadOnlyDictionary<string, DateTimeOffset> servers)
    {
        using var connection = storage.GetConnection();
        var state = jobId is null ? null : connection.GetStateData(jobId);
        if (state is not { Name: "Enqueued" or "Processing" or "Scheduled" })
        {
            return true;
        }

        if (state.Name != "Processing" || !state.Data.TryGetValue("ServerId", out string? server))
        {
            return false;
        }

        if (me.IsOwnServer(server))
        {
            return false;
        }

        var owner = workers.FirstOrDefault(w => w.ServerIds.Split(',').Contains(server));
        return owner is null ? !IsAlive(server, listed) : Dead(owner, servers);
    }

    /// <summary>For rows without a worker instance (written before the workers table): a Hangfire server id is
    /// name:pid:guid, the name being the host's (ours: host-queue). On this host it is alive only if its process still
    /// runs and is not this one; elsewhere, if Hangfire still lists it.</summary>
    internal static bool IsAlive(string? worker, IReadOnlySet<string> listed)
    {
        if (worker is null)
        {
            return false;
        }

        var parts = worker.Split(':');
        if (parts.Length >= 3 && parts[0].StartsWith(Environment.MachineName, StringComparison.OrdinalIgnoreCase) && int.TryParse(parts[^2], out int pid))
        {
            return pid != Environment.ProcessId && ProcessRuns(pid) && listed.Contains(worker);
        }

        return listed.Contains(worker);
    }

    private static bool ProcessRuns(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
