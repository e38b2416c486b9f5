using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Training.Experiments;
using NasBench.Web.Account;
using NasBench.Web.Data;
using NasBench.Web.Live;

namespace NasBench.Web.Jobs;

/// <summary>
/// Launches, cancels and re-queues experiments: an <see cref="Experiment"/> row and a Hangfire job that carries only
/// its id, on the queue of its kind (trainings on the GPU queue, everything else on cpu). The job is made by
/// <see cref="ExperimentDispatcher"/>, at once or when the owner's turn comes (the fair order between users).
/// </summary>
public sealed class ExperimentLauncher(
    IDbContextFactory<LabDbContext> contexts,
    IBackgroundJobClient jobs,
    CancellationRegistry cancellations,
    ExperimentChanges changes,
    DataFolders folders,
    ExperimentDispatcher dispatcher,
    DiskSpace disk,
    IConfiguration configuration,
    Microsoft.Extensions.Options.IOptions<LabLimitsOptions> limits,
    WorkerLiveness liveness,
    TimeProvider time)
{
    /// <summary>The queue of a request (LAB.md): cpu for benchmark work; for trainings and transfer studies
    /// the queue the training asks for (--queue), else NasBench:Lab:TrainingQueue when it names one (gpu, gpu-host-0), else (auto) gpu when a live worker listens to a
    /// GPU queue (workers without CUDA do not) and cpu when none does, and cpu for a training that asks for --device cpu.</summary>
    public string QueueOf(ExperimentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is not TrainingRequestBase training)
        {
            return "cpu";
        }

        string configured = LabSettings.Lab(configuration).TrainingQueue;
        return training.Queue is { } asked ? asked
            : training.Device == "cpu" ? "cpu"
            : configured != "auto" ? configured
            : training.Device == "cuda" || GpuWorkerListens() ? "gpu" : "cpu";
    }

    /// <summary>Every broken rule of a request on this server: its paths outside the allowed folders first (so a path
    /// outside them is not even probed for existence), then the request's own rules for the other fields.</summary>
    public IReadOnlyList<RequestError> Validate(ExperimentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is NasBench.Core.Experiments.SessionRequest)
        {
            return [new RequestError("kind", "Ask/tell sessions are opened with POST /api/sessions (a session experiment runs no job).")];
        }

        var paths = folders.Check(request);
        var rules = request.Validate();
        return [.. paths, .. rules.Where(r => !paths.Any(p => p.Field == r.Field)), .. RequestLimits.Check(request, limits.Value)];
    }

    /// <summary>Stores and enqueues a valid request; throws <see cref="RequestValidationException"/> when it is not
    /// (forms call <see cref="Validate"/> first to show the messages beside the fields). <paramref name="rerunOf"/> and
    /// <paramref name="groupId"/> record its lineage with the row itself (Experiment.RerunOf, Experiment.GroupId).</summary>
    public async Task<long> LaunchAsync(ExperimentRequest request, string ownerId, string owner, string? name = null, long? rerunOf = null, long? groupId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        disk.ThrowIfFull();
        await CheckActiveAsync(ownerId);
        string commandLine = request.ToCommandLine();
        var experiment = new Experiment
        {
            Kind = request.Kind,
            Name = string.IsNullOrWhiteSpace(name) ? Truncate(commandLine["nasbench ".Length..], 200) : Truncate(name, 200),
            OwnerId = ownerId,
            Owner = owner,
            RequestJson = ExperimentJson.Serialize(request),
            CommandLine = commandLine,
            Queue = QueueOf(request),
            CreatedAt = time.GetUtcNow(),
            Synthetic = request is BenchmarkRequest { Synthetic: true },
            RerunOf = rerunOf,
            GroupId = groupId,
        };
        // Said at once, on its page and in the API, rather than waiting silently for a worker that does not exist.
        if (!LiveQueues().Contains(experiment.Queue))
        {
            experiment.ProgressMessage = $"waiting: no live worker listens to queue '{experiment.Queue}' (start one with NasBench__Worker__Queues={experiment.Queue})";
        }

        // Stored as waiting its turn; the dispatcher hands it to Hangfire now unless its owner already has
        // MaxRunningPerUser experiments running or next in line on the queue.
        experiment.JobId = ExperimentDispatcher.Held;
        await using var db = await contexts.CreateDbContextAsync();
        db.Experiments.Add(experiment);
        await db.SaveChangesAsync();
        await dispatcher.DispatchAsync(experiment.Queue);
        // Still held: it says why (pages hear of it here; a dispatched one was told by the dispatch).
        string waiting = ExperimentDispatcher.WaitingMessage(experiment.Queue, limits.Value.MaxRunningPerUser);
        await changes.UpdateAsync(experiment.Id, e => e.JobId == ExperimentDispatcher.Held, s => s.SetProperty(e => e.ProgressMessage, e => e.ProgressMessage ?? waiting));
        await AuditLog.WriteAsync(contexts, owner, "launched", experiment.Id, experiment.Kind);
        return experiment.Id;
    }

    /// <summary>Puts an experiment on its queue again under a new job (the old job, if any, is deleted first).</summary>
    public async Task RequeueAsync(long experimentId, string why)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var experiment = await db.Experiments.SingleAsync(e => e.Id == experimentId);
        if (experiment.JobId is { } old && old != ExperimentDispatcher.Held)
        {
            jobs.Delete(old);
        }

        experiment.Status = ExperimentStates.Queued;
        experiment.ProgressMessage = why;
        experiment.JobId = Enqueue(experiment.Id, experiment.Queue);
        await changes.ApplyAsync([experimentId], () => db.SaveChangesAsync());
    }

    /// <summary>
    /// Asks a queued or running experiment to stop; false when it has already ended. One path, whatever the experiment's
    /// place: the cancel flag in the row (one conditional UPDATE, which also ends a queued one at once), then this
    /// process's token. A run in another process sees the flag within a second (<see cref="ProgressWriter"/>); a queued
    /// experiment's Hangfire job stays where it is and does nothing when it runs (its experiment has ended), and a held
    /// one is never dispatched. The Hangfire job is not deleted: that is the dashboard's way, and
    /// <see cref="ExperimentJob"/> treats it as a cancel too.
    /// </summary>
    public async Task<bool> CancelAsync(long experimentId, string? by = null)
    {
        string queue = await QueueOfAsync(experimentId);
        var now = time.GetUtcNow();
        bool cancelled = await changes.UpdateAsync(experimentId, e => e.Status == ExperimentStates.Queued || e.Status == ExperimentStates.Running, s => s
            .SetProperty(e => e.CancelRequested, true)
            .SetProperty(e => e.Status, e => e.Status == ExperimentStates.Queued ? ExperimentStates.Cancelled : e.Status)
            .SetProperty(e => e.FinishedAt, e => e.Status == ExperimentStates.Queued ? now : e.FinishedAt));
        if (!cancelled)
        {
            return false;
        }

        cancellations.Cancel(experimentId);
        // A cancelled experiment that was running or next in line frees its owner's slot on the queue.
        await dispatcher.TryDispatchAsync(queue);
        await AuditLog.WriteAsync(contexts, by, "cancelled", experimentId);
        return true;
    }

    private async Task<string> QueueOfAsync(long experimentId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Experiments.Where(e => e.Id == experimentId).Select(e => e.Queue).SingleAsync();
    }

    /// <summary>Refuses a launch by a user who is no longer allowed to launch (disabled, or demoted while a page stayed open)
    /// or who already has NasBench:Limits:MaxQueuedPerUser experiments waiting (queued, not started). How many of a user's
    /// experiments run at once is not a refusal but the dispatcher's turn (NasBench:Limits:MaxRunningPerUser).</summary>
    private async Task CheckActiveAsync(string ownerId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == ownerId);
        bool launches = user is not null && !(user.LockoutEnd > time.GetUtcNow())
            && await db.UserRoles.Where(r => r.UserId == ownerId).Join(db.Roles, r => r.RoleId, r => r.Id, (_, role) => role.Name)
                .AnyAsync(n => n == LabRoles.Admin || n == LabRoles.Member);
        if (!launches)
        {
            throw new LaunchRefusedException(StatusCodes.Status403Forbidden, "This account may no longer launch experiments (disabled, or no longer a member).");
        }

        int max = limits.Value.MaxQueuedPerUser;
        int queued = await db.Experiments.CountAsync(e => e.OwnerId == ownerId && e.Status == ExperimentStates.Queued);
        if (queued >= max)
        {
            int running = await db.Experiments.CountAsync(e => e.OwnerId == ownerId && e.Status == ExperimentStates.Running);
            throw new LaunchRefusedException(StatusCodes.Status429TooManyRequests,
                $"You have {queued} experiments queued (and {running} running); this lab lets one user have at most {max} waiting " +
                "(NasBench:Limits:MaxQueuedPerUser). Wait for some to start or cancel them.");
        }
    }

    /// <summary>The queues some live worker (<see cref="WorkerLiveness"/>, no start-up error) listens to.</summary>
    private HashSet<string> LiveQueues()
    {
        using var db = contexts.CreateDbContext();
        return [.. liveness.LiveWorkers(db).Where(w => w.Error == null)
            .SelectMany(w => w.Queues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }

    private bool GpuWorkerListens() => LiveQueues().Any(WorkerIdentity.IsGpuQueue);

    private string Enqueue(long experimentId, string queue) =>
        jobs.Create(Job.FromExpression<ExperimentJob>(j => j.Run(experimentId, CancellationToken.None)), new EnqueuedState(queue));

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
