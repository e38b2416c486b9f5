using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Jobs;

/// <summary>
/// Who runs an experiment, decided by conditional UPDATEs on its row (one statement each, so two workers never both
/// win, on SQLite and PostgreSQL alike). The lease is (JobId, WorkerId): a job claims an experiment only when the row
/// names its job (or none) and no live worker holds it (<see cref="WorkerLiveness"/>: Hangfire's server heartbeats); a re-queue clears both and puts a new job on the queue, so the
/// dead worker's old Hangfire job, fetched again after the storage's invisibility timeout, finds another JobId and
/// does nothing. A worker that lost its lease (declared dead while it was only slow) stops writing.
/// </summary>
public static class ExperimentLease
{
    /// <summary>Takes experiment <paramref name="id"/> for <paramref name="jobId"/> on worker <paramref name="workerId"/>:
    /// queued, or running on a worker that is gone — or, with <paramref name="orphanedHere"/>, running under this very job
    /// on this worker (Hangfire retrying a run of this worker that ended by an exception before it could record how it
    /// ended; the caller knows it does not run here any more); not cancelled; its JobId this job's or none. True when it won.
    /// <paramref name="liveWorkers"/> are the workers alive now (<see cref="WorkerLiveness.LiveWorkerIdsAsync"/>); the start
    /// time is <paramref name="time"/>'s, the system clock when none is given.</summary>
    public static async Task<bool> ClaimAsync(LabDbContext db, long id, string? jobId, string workerId, string? server, string device,
        IReadOnlyCollection<string> liveWorkers, bool orphanedHere = false, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(liveWorkers);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var live = liveWorkers.ToList();
        int won = await db.Experiments
            .Where(e => e.Id == id && !e.CancelRequested && (e.JobId == null || e.JobId == jobId)
                && (e.Status == ExperimentStates.Queued || (e.Status == ExperimentStates.Running
                    && ((orphanedHere && jobId != null && e.JobId == jobId && e.WorkerId == workerId)
                        || e.WorkerId == null || !live.Contains(e.WorkerId)))))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, ExperimentStates.Running)
                .SetProperty(e => e.StartedAt, e => e.StartedAt ?? now)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1)
                .SetProperty(e => e.JobId, e => jobId ?? e.JobId)
                .SetProperty(e => e.WorkerId, workerId)
                .SetProperty(e => e.Worker, server ?? workerId)
                .SetProperty(e => e.Device, device)
                .SetProperty(e => e.Error, (string?)null));
        return won == 1;
    }

    /// <summary>Re-queues experiment <paramref name="id"/> if it still is <paramref name="status"/> under
    /// <paramref name="jobId"/> and <paramref name="workerId"/> (what the caller saw): clears the lease, deletes the old
    /// job and enqueues a new one on the experiment's queue. False when another worker (or the run itself) moved first.</summary>
    public static async Task<bool> RequeueIfAsync(LabDbContext db, IBackgroundJobClient jobs, long id, string status, string? jobId, string? workerId, string why)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(jobs);
        int won = await db.Experiments
            .Where(e => e.Id == id && e.Status == status && e.JobId == jobId && e.WorkerId == workerId && !e.CancelRequested)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, ExperimentStates.Queued)
                .SetProperty(e => e.JobId, (string?)null)
                .SetProperty(e => e.WorkerId, (string?)null)
                .SetProperty(e => e.ProgressMessage, why));
        if (won == 0)
        {
            return false;
        }

        if (jobId is not null)
        {
            jobs.Delete(jobId);
        }

        string queue = await db.Experiments.Where(e => e.Id == id).Select(e => e.Queue).SingleAsync();
        string job = jobs.Create(Job.FromExpression<ExperimentJob>(j => j.Run(id, CancellationToken.None)), new EnqueuedState(queue));
        // Unless the new job (or a stale one) already claimed it in between: then that claim's JobId stands.
        await db.Experiments.Where(e => e.Id == id && e.JobId == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.JobId, job));
        return true;
    }

    /// <summary>The experiments among <paramref name="running"/> whose lease this worker no longer holds.</summary>
    public static Task<List<long>> LostAsync(LabDbContext db, IReadOnlyCollection<long> running, string workerId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Experiments.Where(e => running.Contains(e.Id) && (e.WorkerId == null || e.WorkerId != workerId)).Select(e => e.Id).ToListAsync();
    }
}
