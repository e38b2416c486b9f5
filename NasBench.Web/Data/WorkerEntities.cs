namespace NasBench.Web.Data;

/// <summary>
/// One worker process (roles all and worker), as it registered itself: what Hangfire does not know about it — where it
/// runs, what it listens to, what it trains on, its benchmark store — and the ids of its Hangfire servers, which link it
/// to Hangfire's own server heartbeats. Whether it is alive, and since when it is silent, is Hangfire's
/// (<c>Jobs.WorkerLiveness</c>); what it runs is the experiments' (<c>Experiment.WorkerId</c>).
/// </summary>
public sealed class LabWorker
{
    /// <summary>This instance: host:pid:8 hex digits (a restarted process is a new row).</summary>
    public required string Id { get; set; }
    public required string Host { get; set; }
    public int Pid { get; set; }

    /// <summary>The queues it listens to, comma-separated (empty: it takes no job).</summary>
    public string Queues { get; set; } = "";

    /// <summary>Its Hangfire servers' ids (name:pid:guid), comma-separated; empty until they announced themselves.</summary>
    public string ServerIds { get; set; } = "";

    /// <summary>What it computes on, one device a line ("cpu 16 cores", "cuda:0 NVIDIA H200 143771 MiB").</summary>
    public string Devices { get; set; } = "";
    public int CpuCores { get; set; }

    /// <summary>The SHA-256 of its benchmark store (null: no store).</summary>
    public string? StoreSha256 { get; set; }

    /// <summary>Why it takes no job (a benchmark store that differs from the lab's), else null.</summary>
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
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
