namespace NasBench.Web.Data;

/// <summary>
/// One worker process (roles all and worker), as it registered itself: where it runs, what it listens to, what it
/// trains on, what it runs now and its last heartbeat. A row whose heartbeat is older than the stale time is offline:
/// its running experiments are handed to a live worker (<see cref="Jobs.WorkerRecovery"/>).
/// </summary>
public sealed class LabWorker
{
    /// <summary>This instance: host:pid:8 hex digits (a restarted process is a new row).</summary>
    public required string Id { get; set; }
    public required string Host { get; set; }
    public int Pid { get; set; }

    /// <summary>The queues it listens to, comma-separated (empty: it takes no job).</summary>
    public string Queues { get; set; } = "";

    /// <summary>Its Hangfire servers' ids, comma-separated.</summary>
    public string ServerIds { get; set; } = "";

    /// <summary>What it computes on, one device a line ("cpu 16 cores", "cuda:0 NVIDIA H200 143771 MiB").</summary>
    public string Devices { get; set; } = "";
    public int CpuCores { get; set; }

    /// <summary>The experiments it runs now, comma-separated ids (empty: idle).</summary>
    public string Running { get; set; } = "";

    /// <summary>The SHA-256 of its benchmark store (null: no store).</summary>
    public string? StoreSha256 { get; set; }

    /// <summary>Why it takes no job (a benchmark store that differs from the lab's), else null.</summary>
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }

    /// <summary>Set by a clean stop.</summary>
    public DateTimeOffset? StoppedAt { get; set; }
}

/// <summary>A lab-wide fact (key, value): the benchmark in use (<see cref="BenchmarkSha256"/>).</summary>
public sealed class LabSetting
{
    /// <summary>The SHA-256 of the benchmark store the lab uses, recorded by the web (or the first worker when none did).</summary>
    public const string BenchmarkSha256 = "benchmark.sha256";

    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
