using System.ComponentModel.DataAnnotations;

namespace NasBench.Web.Settings;

/// <summary>
/// The lab's <c>NasBench:*</c> settings as typed options, each described once (name, default, rule): bound from
/// configuration (appsettings, <c>NasBench__Worker__StaleSeconds=30</c>-style environment variables) and validated when
/// the host starts, so a bad value stops the start-up with a message naming the setting instead of misbehaving later.
/// Services take <c>IOptions&lt;T&gt;</c>; code that runs before the container exists (registration, the role check)
/// binds the same classes through <see cref="Worker"/>, <see cref="Server"/>, <see cref="Lab"/>. The names are the
/// contract of docs/LAB.md. Not here: NasBench:Database (Extensions/LabDatabase.cs, needed to choose the provider),
/// NasBench:Security and NasBench:Limits (Account/), and NasBench:Lab's admin and data-folder keys (Account/).
/// </summary>
public static class LabSettings
{
    /// <summary>Binds the options and validates them at start.</summary>
    public static IServiceCollection AddLabSettings(this IServiceCollection services)
    {
        services.AddOptions<LabServerOptions>().BindConfiguration(LabServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LabOptions>().BindConfiguration(LabOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>NasBench:Worker:*, bound now (the same class and defaults as <c>IOptions&lt;WorkerOptions&gt;</c>).</summary>
    public static WorkerOptions Worker(IConfiguration? configuration) => configuration?.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new();

    /// <summary>NasBench:Role and NasBench:CheckpointFolder, bound now.</summary>
    public static LabServerOptions Server(IConfiguration? configuration) => configuration?.GetSection(LabServerOptions.Section).Get<LabServerOptions>() ?? new();

    /// <summary>NasBench:Lab:TrainingQueue, bound now.</summary>
    public static LabOptions Lab(IConfiguration? configuration) => configuration?.GetSection(LabOptions.Section).Get<LabOptions>() ?? new();
}

/// <summary>What this process is and where trainings keep their checkpoints (<c>NasBench:Role</c>, <c>NasBench:CheckpointFolder</c>).</summary>
public sealed class LabServerOptions
{
    public const string Section = "NasBench";

    /// <summary>all (pages, API and a worker), web or worker. The default value is all.</summary>
    [RegularExpression(@"(?i)^\s*(all|web|worker)\s*$", ErrorMessage = "NasBench:Role must be all, web or worker.")]
    public string Role { get; set; } = "all";

    /// <summary>A folder every worker mounts for the trainings' epoch checkpoints (another worker resumes where a dead one
    /// stopped). The default value is null: checkpoints/ under the data folder.</summary>
    public string? CheckpointFolder { get; set; }
}

/// <summary>The worker of this process (<c>NasBench:Worker:*</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "NasBench:Worker";

    /// <summary>The queues to listen to, comma-separated. The default value is null: cpu,gpu (the gpu ones dropped
    /// without CUDA, quietly; configured ones with a warning).</summary>
    public string? Queues { get; set; }

    /// <summary>Seconds between two heartbeats of the worker's Hangfire servers (and dead-worker checks); below 0.2 counts as 0.2. The default value is 2.</summary>
    [Range(double.Epsilon, 86_400, ErrorMessage = "NasBench:Worker:HeartbeatSeconds must be a positive number of seconds.")]
    public double HeartbeatSeconds { get; set; } = 2;

    /// <summary>Seconds after which a worker's heartbeat is stale (the worker is dead and its experiments go to a live
    /// one); below 1 counts as 1. The default value is 15.</summary>
    [Range(double.Epsilon, 86_400, ErrorMessage = "NasBench:Worker:StaleSeconds must be a positive number of seconds.")]
    public double StaleSeconds { get; set; } = 15;

    /// <summary>Jobs the cpu queues run at once. The default value is null: half the processor count, at least 1.</summary>
    [Range(1, 4096, ErrorMessage = "NasBench:Worker:CpuWorkers must be at least 1.")]
    public int? CpuWorkers { get; set; }

    /// <summary>The host this worker names itself by. The default value is null: the machine name.</summary>
    public string? Host { get; set; }

    /// <summary>Lets a worker without CUDA listen to GPU queues (tests, demos). The default value is false.</summary>
    public bool AllowCpuFallback { get; set; }

    /// <summary>The configured queues as a list (cpu,gpu when none is configured).</summary>
    public string[] QueueList => (Queues ?? "cpu,gpu").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(Math.Max(0.2, HeartbeatSeconds));

    public TimeSpan StaleAfter => TimeSpan.FromSeconds(Math.Max(1, StaleSeconds));

    public int CpuWorkerCount => CpuWorkers ?? Math.Max(1, Environment.ProcessorCount / 2);
}

/// <summary>Lab-wide choices (<c>NasBench:Lab:TrainingQueue</c>; the admin and data-folder keys are Account's).</summary>
public sealed class LabOptions
{
    public const string Section = "NasBench:Lab";

    /// <summary>Where trainings that name no queue and no device go: auto (gpu when a GPU worker listens, else cpu), cpu,
    /// gpu or one GPU's queue gpu-&lt;host&gt;-&lt;n&gt;. The default value is auto.</summary>
    [RegularExpression(@"^(auto|cpu|gpu|gpu-.+-[0-9]+)$", ErrorMessage = "NasBench:Lab:TrainingQueue must be auto, cpu, gpu or gpu-<host>-<n>.")]
    public string TrainingQueue { get; set; } = "auto";
}

/// <summary>Live pages across processes (<c>NasBench:Live:*</c>).</summary>
public sealed class LiveOptions
{
    public const string Section = "NasBench:Live";

    /// <summary>How often a watched experiment's signature is polled, in milliseconds; 0 turns it off. The default value is 250.</summary>
    [Range(0, 3_600_000, ErrorMessage = "NasBench:Live:PollMilliseconds must be 0 (off) or a positive number of milliseconds.")]
    public int PollMilliseconds { get; set; } = 250;
}
