using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NasBench.Web.Account;
using NasBench.Web.Data;
using NasBench.Web.Live;

namespace NasBench.Web.Jobs;

/// <summary>
/// The fair order between users on a shared worker. Hangfire's queues are first in, first out: twenty searches of one user
/// enqueued at once would all run before another user's one. So a user's experiment is handed to Hangfire only while that
/// user has fewer than <see cref="LabLimitsOptions.MaxRunningPerUser"/> experiments running or enqueued on its queue; the
/// others wait in the lab's database (status queued, <c>JobId</c> = <see cref="Held"/>), and whenever a slot may have
/// freed (a launch, an end, a cancel, every worker heartbeat) the waiting experiments are promoted round-robin, the
/// least-served user first.
/// </summary>
/// <remarks>
/// <code>
/// launch: store the experiment as held; Dispatch(queue)
/// Dispatch: waiting = held experiments (oldest first), by (owner, queue)
///   served[owner, queue] = the owner's experiments on the queue that are running, or queued with a Hangfire job
///   repeat: among the (owner, queue) with a waiting experiment and served &lt; MaxRunningPerUser,
///           take the one with the fewest served (ties: the oldest waiting experiment) and promote its oldest:
///           UPDATE … SET JobId = NULL WHERE Id = @id AND JobId = 'held' AND status = 'queued'   (one promoter wins)
///           enqueue its job; UPDATE … SET JobId = @job WHERE Id = @id AND JobId IS NULL; served += 1
/// </code>
/// So user B's one search waits behind at most MaxRunningPerUser of user A's per queue, not behind all of A's. Promotions
/// are serialised in a process; two processes promoting at the same moment can let a user exceed the cap by one for a while
/// (never run an experiment twice: <see cref="ExperimentLease"/> still lets one job claim it). The cap is per user, not
/// work-conserving: one user alone on a queue with more workers than the cap leaves the others idle; raise
/// MaxRunningPerUser to the queue's worker count where one user's throughput matters more than the order.
/// </remarks>
public sealed class ExperimentDispatcher(
    IDbContextFactory<LabDbContext> contexts,
    IBackgroundJobClient jobs,
    ExperimentChanges changes,
    IOptions<LabLimitsOptions> limits,
    ILogger<ExperimentDispatcher> logger) : IDisposable
{
    /// <summary>The JobId of an experiment that waits its turn in the lab's database (no Hangfire job yet).</summary>
    public const string Held = "held";

    /// <summary>The start of the message a held experiment shows on its page and in the API.</summary>
    public const string HeldMessage = "waiting its turn";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The message of a held experiment of a user who has <paramref name="served"/> on <paramref name="queue"/>.</summary>
    public static string WaitingMessage(string queue, int max) =>
        $"{HeldMessage}: its owner already has {max} experiments running or next in line on queue '{queue}' " +
        $"(NasBench:Limits:MaxRunningPerUser = {max}); it is dispatched when one of them ends, before later ones of users with fewer.";

    /// <summary>Promotes held experiments (of <paramref name="queue"/>, or of every queue) while their owners have free slots;
    /// returns how many it handed to Hangfire.</summary>
    public async Task<int> DispatchAsync(string? queue = null, CancellationToken cancellationToken = default)
    {
        int max = limits.Value.MaxRunningPerUser;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var held = await db.Experiments.AsNoTracking()
                .Where(e => e.Status == ExperimentStates.Queued && e.JobId == Held && (queue == null || e.Queue == queue))
                .OrderBy(e => e.Id).Select(e => new { e.Id, e.OwnerId, e.Queue, e.CancelRequested }).ToListAsync(cancellationToken);
            if (held.Count == 0)
            {
                return 0;
            }

            var owners = held.Select(h => h.OwnerId).Distinct().ToList();
            var queues = held.Select(h => h.Queue).Distinct().ToList();
            var served = (await db.Experiments.AsNoTracking()
                    .Where(e => owners.Contains(e.OwnerId) && queues.Contains(e.Queue)
                        && (e.Status == ExperimentStates.Running || (e.Status == ExperimentStates.Queued && e.JobId != Held)))
                    .GroupBy(e => new { e.OwnerId, e.Queue }).Select(g => new { g.Key.OwnerId, g.Key.Queue, Count = g.Count() })
                    .ToListAsync(cancellationToken))
                .ToDictionary(x => (x.OwnerId, x.Queue), x => x.Count);
            var waiting = held.Where(h => !h.CancelRequested).GroupBy(h => (h.OwnerId, h.Queue))
                .ToDictionary(g => g.Key, g => new Queue<long>(g.Select(h => h.Id)));
            int promoted = 0;
            while (waiting.Where(w => w.Value.Count > 0 && served.GetValueOrDefault(w.Key) < max)
                       .OrderBy(w => served.GetValueOrDefault(w.Key)).ThenBy(w => w.Value.Peek()).Select(w => (Key: w.Key, Found: true)).FirstOrDefault() is { Found: true } next)
            {
                long id = waiting[next.Key].Dequeue();
                if (await PromoteAsync(db, id, next.Key.Queue, cancellationToken))
                {
                    served[next.Key] = served.GetValueOrDefault(next.Key) + 1;
                    promoted++;
                }
            }

            return promoted;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary><see cref="DispatchAsync"/> where a failure must not end the caller (a job's end, a heartbeat): logged, and the
    /// next heartbeat tries again.</summary>
    public async Task TryDispatchAsync(string? queue, CancellationToken cancellationToken = default)
    {
        try
        {
            await DispatchAsync(queue, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            logger.LogWarning(e, "Dispatching held experiments of queue {Queue} failed; the next heartbeat tries again", queue ?? "(all)");
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<bool> PromoteAsync(LabDbContext db, long id, string queue, CancellationToken cancellationToken)
    {
        int won = await db.Experiments.Where(e => e.Id == id && e.Status == ExperimentStates.Queued && e.JobId == Held && !e.CancelRequested)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.JobId, (string?)null)
                .SetProperty(e => e.ProgressMessage, e => e.ProgressMessage != null && e.ProgressMessage.StartsWith(HeldMessage) ? null : e.ProgressMessage), cancellationToken);
        if (won == 0)
        {
            return false;
        }

        string job = jobs.Create(Job.FromExpression<ExperimentJob>(j => j.Run(id, CancellationToken.None)), new EnqueuedState(queue));
        // Unless the job already claimed it in between (then its claim's JobId stands).
        await changes.UpdateAsync(id, e => e.JobId == null, s => s.SetProperty(e => e.JobId, job), cancellationToken);
        return true;
    }
}
