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

    /// <summary>Every broken rule of a request on this server — its paths outside the allowed folders first (so a path
    /// outside them is not even probed for existence), then the request's own rules for the other fields, then the lab's
    /// limits — and, when there is none, the request as checked: what <see cref="LaunchAsync(CheckedRequest, string, string, string?, long?, long?)"/>
    /// stores without checking it again (one validation per launch).</summary>
    public LaunchCheck Check(ExperimentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is NasBench.Core.Experiments.SessionRequest)
        {
            return new(null, [new RequestError("kind", "Ask/tell sessions are opened with POST /api/sessions (a session experiment runs no job).")]);
        }

        var paths = folders.Check(request);
        var rules = request.Validate();
        IReadOnlyList<RequestError> errors = [.. paths, .. rules.Where(r => !paths.Any(p => p.Field == r.Field)), .. QueueName(request, rules),
            .. RequestLimits.Check(request, limits.Value, rules.Count == 0)];
        return new(errors.Count == 0 ? new CheckedRequest(request) : null, errors);
    }

    /// <summary>Checks (<see cref="Check"/>) and launches a request; throws <see cref="RequestValidationException"/> with
    /// every broken rule when it is not valid here.</summary>
    public Task<long> LaunchAsync(ExperimentRequest request, string ownerId, string owner, string? name = null, long? rerunOf = null, long? groupId = null)
    {
        var check = Check(request);
        return check.Request is { } valid ? LaunchAsync(valid, ownerId, owner, name, rerunOf, groupId) : throw new RequestValidationException(check.Errors);
    }

    /// <summary>Stores and enqueues a checked request (forms and presets call <see cref="Check"/> first to show the
    /// messages beside the fields). <paramref name="rerunOf"/> and <paramref name="groupId"/> record its lineage with the
    /// row itself (Experiment.RerunOf, Experiment.GroupId). Refusals that depend on the moment (a full disk, a user no
    /// longer allowed or with too many queued) are <see cref="LaunchRefusedException"/>s.</summary>
    public async Task<long> LaunchAsync(CheckedRequest valid, string ownerId, string owner, string? name = null, long? rerunOf = null, long? groupId = null)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var request = valid.Request;
        try
        {
            disk.ThrowIfFull();
        }
        catch (DiskFullException e)
        {
            // A refusal like the others, so every caller (the API: 507; a form: the message beside Launch) says it.
            throw new LaunchRefusedException(StatusCodes.Status507InsufficientStorage, $"The server's disk is full; nothing was stored. {e.Message}");
        }

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
        // Stored: from here a failure to hand it to Hangfire (its storage busy or down) is not the request's, and must
        // not answer as if nothing was launched; it stays held and the next heartbeat's dispatch tries again.
        await dispatcher.TryDispatchAsync(experiment.Queue);
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

    /// <summary>A training's own queue rule (cpu, gpu, gpu-&lt;host&gt;-&lt;n&gt;) lets a host name through as it is written;
    /// Hangfire takes only lowercase letters, digits, '_' and '-' (its EnqueuedState throws on the rest, after the row was
    /// stored) and the row keeps 64 characters: such a queue is a broken rule here, not a failed dispatch.</summary>
    private static IEnumerable<RequestError> QueueName(ExperimentRequest request, IReadOnlyList<RequestError> rules)
    {
        if (request is TrainingRequestBase { Queue: { } queue } && !rules.Any(r => r.Field == "queue")
            && (queue.Length > 64 || !queue.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-')))
        {
            yield return new RequestError("queue",
                $"--queue '{queue}' is not a queue this lab's job system can hold: lowercase letters, digits, '_' and '-' only, at most 64 characters.");
        }
    }

    private bool GpuWorkerListens() => LiveQueues().Any(WorkerIdentity.IsGpuQueue);

    private string Enqueue(long experimentId, string queue) =>
        jobs.Create(Job.FromExpression<ExperimentJob>(j => j.Run(experimentId, CancellationToken.None)), new EnqueuedState(queue));

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>A request that <see cref="ExperimentLauncher.Check"/> found valid on this server (only it makes one).</summary>
public sealed class CheckedRequest
{
    internal CheckedRequest(ExperimentRequest request) => Request = request;

    /// <summary>The request as checked.</summary>
    public ExperimentRequest Request { get; }
}

/// <summary>What <see cref="ExperimentLauncher.Check"/> found: the checked request (null while a rule is broken) and
/// every broken rule.</summary>
public sealed record LaunchCheck(CheckedRequest? Request, IReadOnlyList<RequestError> Errors);
