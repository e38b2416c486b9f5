using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;

namespace NasBench.Web.Jobs;

/// <summary>
/// Keeps a job on the queue it was created on: Hangfire puts a retried or re-queued job on "default" unless the queue
/// travels with the job, so the queue is stored as a job parameter at creation and restored at every enqueue.
/// </summary>
public sealed class KeepQueueFilter : JobFilterAttribute, IClientFilter, IElectStateFilter
{
    private const string Parameter = "Queue";

    public void OnCreating(CreatingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InitialState is EnqueuedState enqueued)
        {
            context.SetJobParameter(Parameter, enqueued.Queue);
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnStateElection(ElectStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CandidateState is EnqueuedState enqueued && context.GetJobParameter<string>(Parameter) is { Length: > 0 } queue)
        {
            enqueued.Queue = queue;
        }
    }
}

/// <summary>Makes the running job's id and server id visible to the job (the worker name stored with the experiment).</summary>
public sealed class JobContextFilter : JobFilterAttribute, IServerFilter
{
    private static readonly AsyncLocal<(string JobId, string ServerId)?> Current = new();

    /// <summary>The job and server running the current code path, when it runs inside a Hangfire job.</summary>
    public static (string JobId, string ServerId)? Job => Current.Value;

    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Current.Value = (context.BackgroundJob.Id, context.ServerId);
    }

    public void OnPerformed(PerformedContext context) => Current.Value = null;
}
