namespace NasBench.Core.Lab;

/// <summary>The status names of the lab's API and pages (LAB.md: a contract).</summary>
public static class ExperimentStates
{
    /// <summary>Stored, waiting for a worker (or for its owner's turn).</summary>
    public const string Queued = "queued";

    /// <summary>A worker runs it.</summary>
    public const string Running = "running";

    /// <summary>Ended with every result written.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Ended with an error (the detail's <c>error</c>).</summary>
    public const string Failed = "failed";

    /// <summary>Ended on request; its partial results stay.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Every state, in the order an experiment can pass them.</summary>
    public static readonly string[] All = [Queued, Running, Succeeded, Failed, Cancelled];

    /// <summary>Whether an experiment in this state will not run again by itself.</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed or Cancelled;
}
