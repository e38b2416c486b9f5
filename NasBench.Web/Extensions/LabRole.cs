namespace NasBench.Web.Extensions;

/// <summary>What this process does (NasBench:Role): all (pages, API and a worker — the embedded set-up), web or worker.</summary>
public static class LabRole
{
    public static string Of(IConfiguration configuration) => (configuration?["NasBench:Role"] ?? "all").Trim().ToLowerInvariant();

    /// <summary>Pages and the API run here.</summary>
    public static bool ServesWeb(IConfiguration configuration) => Of(configuration) is "all" or "web";

    /// <summary>A Hangfire server runs here.</summary>
    public static bool RunsWorker(IConfiguration configuration) => Of(configuration) is "all" or "worker";

    /// <summary>The queues this worker listens to (NasBench:Worker:Queues, comma-separated; default cpu,gpu).</summary>
    public static string[] Queues(IConfiguration configuration) =>
        (configuration?["NasBench:Worker:Queues"] ?? "cpu,gpu").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
