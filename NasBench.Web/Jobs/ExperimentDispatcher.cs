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
/// The fair order between users on a shared worker, work-conserving. Hangfire's queues are first in, first out: twenty
/// searches of one user enqueued at once would all run before another user's one. So a launch stores the experiment as
/// held (status queued, <c>JobId</c> = <see cref="Held"/>, no Hangfire job) and the dispatcher hands held experiments to
/// Hangfire, least-served user first, by two rules: a user's <b>fair share</b> (fewer than
/// <see cref="LabLimitsOptions.MaxRunningPerUser"/> running or handed over on the queue: always dispatched, so a newcomer
/// gets in line at once), and <b>no idle slot</b> (a queue whose live worker slots outnumber its handed-over, not yet
/// running experiments gets more, whoever's they are). Only that small ready set is ever ahead of a newcomer in
/// Hangfire's queue, and no worker slot stays idle while anything is held for its queue.
/// </summary>
/// <remarks>
/// <code>
/// launch: store the experiment as held; Dispatch(queue)
/// Dispatch (on a launch, a run's end, a cancel, every worker heartbeat):
///   waiting[owner, queue] = held experiments, not cancel-requested, oldest first
///   served[owner, queue]  = the owner's experiments on the queue that are running, or queued with a Hangfire job (or none)
///   ready[queue]          = experiments of the queue that are queued with a Hangfire job (or none): handed over, not running
///   idle[queue]           = Σ over live Hangfire servers s listening to the queue: s.WorkersCount − experiments running on s
///                           (live: a server of this process, or one named by a live lab worker's heartbeat)
///   repeat: among the (owner, queue) with a waiting experiment and
///             served[owner, queue] &lt; MaxRunningPerUser   (fair share)   or   ready[queue] &lt; idle[queue]   (no idle slot),
///           take the one with the fewest served (ties: the oldest waiting experiment) and promote its oldest:
///           UPDATE … SET JobId = NULL WHERE Id = @id AND JobId = 'held' AND status = 'queued'   (one promoter wins)
///           enqueue its job; UPDATE … SET JobId = @job WHERE Id = @id AND JobId IS NULL
///           served[owner, queue] += 1; ready[queue] += 1
/// </code>
/// A run's start needs no dispatch: it moves one experiment from ready to running and takes one idle slot, so
/// ready &lt; idle does not change; an end frees a slot (its job's <c>finally</c> dispatches), and a worker that comes up
/// or dies is seen by the next heartbeat. So user B's one search waits behind at most A's running ones and the ready set
/// (at most MaxRunningPerUser of A's, or the idle slots), not behind all of A's; and one user alone on a lab gets every
/// slot. The database is the arbiter: a promotion is a conditional UPDATE, so two processes never hand one experiment
/// over twice (and <see cref="ExperimentLease"/> lets one job claim it). Two processes dispatching at the same moment
/// count the same free slot, and a server listening to several queues counts its idle slot for each: the ready set may
/// then hold one or two more than the idle slots for a while (a newcomer waits behind them; nothing runs twice).
/// </remarks>
public sealed class ExperimentDispatcher(
    IDbContextFactory<LabDbContext> contexts,
    IBackgroundJobClient jobs,
    ExperimentChanges changes,
    JobStorage storage,
    WorkerIdentity me,
    WorkerLiveness liveness,
    IOptions<LabLimitsOptions> limits,
    ILogger<ExperimentDispatcher> logger) : IDisposable
{
    /// <summary>The JobId of an experiment that waits its turn in the lab's database (no Hangfire job yet).</summary>
    public const string Held = "held";

    /// <summary>The start of the message a held experiment shows on its page and in the API.</summary>
    public const string HeldMessage = "waiting its turn";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The message of a held experiment on <paramref name="queue"/> whose owner has its fair share <paramref name="max"/> there.</summary>
    public static string WaitingMessage(string queue, int max) =>
        $"{HeldMessage}: every worker slot of queue '{queue}' is busy or has an experiment next in line, and its owner already has {max} " +
        $"running or next in line there (the fair share, NasBench:Limits:MaxRunningPerUser = {max}); it goes to the next free slot unless a user with fewer is waiting.";

    /// <summary>Promotes held experiments (of <paramref name="queue"/>, or of every queue) by the fair share and the idle
    /// slots (see the remarks); returns how many it handed to Hangfire.</summary>
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
                        && (e.Status == ExperimentStates.Running || (e.Status == ExperimentStates.Queued && (e.JobId == null || e.JobId != Held))))
                    .GroupBy(e => new { e.OwnerId, e.Queue }).Select(g => new { g.Key.OwnerId, g.Key.Queue, Count = g.Count() })
                    .ToListAsync(cancellationToken))
                .ToDictionary(x => (x.OwnerId, x.Queue), x => x.Count);
            var ready = (await db.Experiments.AsNoTracking()
                    .Where(e => queues.Contains(e.Queue) && e.Status == ExperimentStates.Queued && (e.JobId == null || e.JobId != Held))
                    .GroupBy(e => e.Queue).Select(g => new { Queue = g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                .ToDictionary(x => x.Queue, x => x.Count);
            var idle = await IdleSlotsAsync(db, queues, cancellationToken);
            var waiting = held.Where(h => !h.CancelRequested).GroupBy(h => (h.OwnerId, h.Queue))
                .ToDictionary(g => g.Key, g => new Queue<long>(g.Select(h => h.Id)));
            bool Eligible((string OwnerId, string Queue) key) =>
                served.GetValueOrDefault(key) < max || ready.GetValueOrDefault(key.Queue) < idle.GetValueOrDefault(key.Queue);
            int promoted = 0;
            while (waiting.Where(w => w.Value.Count > 0 && Eligible(w.Key))
                       .OrderBy(w => served.GetValueOrDefault(w.Key)).ThenBy(w => w.Value.Peek()).Select(w => (Key: w.Key, Found: true)).FirstOrDefault() is { Found: true } next)
            {
                long id = waiting[next.Key].Dequeue();
                if (await PromoteAsync(db, id, next.Key.Queue, cancellationToken))
                {
                    served[next.Key] = served.GetValueOrDefault(next.Key) + 1;
                    ready[next.Key.Queue] = ready.GetValueOrDefault(next.Key.Queue) + 1;
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

    /// <summary>The idle worker slots of each of <paramref name="queues"/>: over the live Hangfire servers listening to it
    /// (this process's, or named by a live lab worker's heartbeat; a killed worker's server stays listed by Hangfire for
    /// minutes), their worker count less the experiments running on them.</summary>
    private async Task<Dictionary<string, int>> IdleSlotsAsync(LabDbContext db, List<string> queues, CancellationToken cancellationToken)
    {
        var live = (await liveness.LiveWorkersAsync(db, cancellationToken)).Where(w => w.Error == null).Select(w => w.ServerIds)
            .SelectMany(ids => ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var servers = storage.GetMonitoringApi().Servers()
            .Where(s => s.Queues is not null && s.Queues.Any(queues.Contains) && (live.Contains(s.Name) || me.IsOwnServer(s.Name))).ToList();
        var idle = new Dictionary<string, int>(StringComparer.Ordinal);
        if (servers.Count == 0)
        {
            return idle;
        }

        var names = servers.Select(s => s.Name).ToList();
        var busy = (await db.Experiments.AsNoTracking().Where(e => e.Status == ExperimentStates.Running && e.Worker != null && names.Contains(e.Worker))
                .GroupBy(e => e.Worker).Select(g => new { Server = g.Key!, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(x => x.Server, x => x.Count, StringComparer.Ordinal);
        foreach (var server in servers)
        {
            int free = Math.Max(0, server.WorkersCount - busy.GetValueOrDefault(server.Name));
            foreach (string q in server.Queues.Where(queues.Contains))
            {
                idle[q] = idle.GetValueOrDefault(q) + free;
            }
        }

        return idle;
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

        string job;
        try
        {
            job = jobs.Create(Job.FromExpression<ExperimentJob>(j => j.Run(id, CancellationToken.None)), new EnqueuedState(queue));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Back in line: a queued row with neither a job nor the hold would never be dispatched again.
            await db.Experiments.Where(x => x.Id == id && x.JobId == null && x.Status == ExperimentStates.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.JobId, Held), CancellationToken.None);
            throw;
        }

        // Unless the job already claimed it in between (then its claim's JobId stands).
        await changes.UpdateAsync(id, e => e.JobId == null, s => s.SetProperty(e => e.JobId, job), cancellationToken);
        return true;
    }
}
