namespace NasBench.Web.Settings;

/// <summary>What this process does (NasBench:Role): all (pages, API and a worker — the embedded set-up), web or worker,
/// and the worker's settings (NasBench:Worker:*), for code that runs before the container exists or has only the
/// configuration; each is read through its typed options class (<see cref="LabSettings"/>: default and rule there).</summary>
public static class LabRole
{
    public static string Of(IConfiguration configuration) => LabSettings.Server(configuration).Role.Trim().ToLowerInvariant();

    /// <summary>Pages and the API run here.</summary>
    public static bool ServesWeb(IConfiguration configuration) => Of(configuration) is "all" or "web";

    /// <summary>A Hangfire server runs here.</summary>
    public static bool RunsWorker(IConfiguration configuration) => Of(configuration) is "all" or "worker";

    /// <summary>The queues this worker is configured to listen to (NasBench:Worker:Queues, comma-separated; default cpu,gpu).
    /// <c>WorkerIdentity.Queues</c> drops the gpu ones on a worker without CUDA.</summary>
    public static string[] Queues(IConfiguration configuration) => LabSettings.Worker(configuration).QueueList;

    /// <summary>How often a worker's Hangfire servers heartbeat and it checks for dead workers (NasBench:Worker:HeartbeatSeconds, default 2).</summary>
    public static TimeSpan HeartbeatInterval(IConfiguration configuration) => LabSettings.Worker(configuration).HeartbeatInterval;

    /// <summary>A worker whose heartbeat is older than this is dead (NasBench:Worker:StaleSeconds, default 15): its running
    /// experiments go to a live worker.</summary>
    public static TimeSpan StaleAfter(IConfiguration configuration) => LabSettings.Worker(configuration).StaleAfter;
}
