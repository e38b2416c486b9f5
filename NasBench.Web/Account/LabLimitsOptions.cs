using System.ComponentModel.DataAnnotations;

namespace NasBench.Web.Account;

/// <summary>
/// Limits checked before any work starts (<c>NasBench:Limits</c>), bound once and validated at start: what one request may
/// ask for, how much one user may have queued, how large a file a request may name. Defaults fit a shared lab server.
/// </summary>
public sealed class LabLimitsOptions
{
    public const string Section = "NasBench:Limits";

    /// <summary>Benchmark queries one search or comparison may charge: queries × runs × algorithms (a query costs about a
    /// microsecond: 10^10 is hours of one worker). The default value is 10,000,000,000.</summary>
    [Range(1, long.MaxValue)]
    public long MaxSearchQueries { get; set; } = 10_000_000_000;

    /// <summary>Runs (seeds) of one search or comparison. The default value is 1,000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSearchRuns { get; set; } = 1_000;

    /// <summary>Memory a training may need, in bytes (its estimate from shape and batch: activations kept for the backward
    /// pass, parameters, gradients and optimizer state); the smallest device of a queue. The default value is 16 GiB.</summary>
    [Range(1L << 20, long.MaxValue)]
    public long TrainingMemoryBytes { get; set; } = 16L << 30;

    /// <summary>A user's fair share of a queue: experiments always handed to its workers at once (running, or handed to
    /// Hangfire and next in line). The user's others wait their turn in the lab's database and still take every worker slot
    /// nobody else is waiting for, least-served user first (<see cref="Jobs.ExperimentDispatcher"/>, work-conserving). Not a
    /// throttle and never a refusal: the fair order between users on a shared worker. The default value is 2.</summary>
    [Range(1, 10_000)]
    public int MaxRunningPerUser { get; set; } = 2;

    /// <summary>Experiments one user may have waiting (queued, not started yet) at once; one more is refused with 429. The default value is 20.</summary>
    [Range(1, 100_000)]
    public int MaxQueuedPerUser { get; set; } = 20;

    /// <summary>The largest file a request may name (store, records, file), in bytes. The default value is 8 GiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 8L << 30;

    /// <summary>Bytes of uploads one user may keep. The default value is 512 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long UploadQuotaBytes { get; set; } = 512L << 20;

    /// <summary>Days an upload is kept; older ones are deleted. The default value is 30.</summary>
    [Range(1, 3650)]
    public int UploadDays { get; set; } = 30;

    /// <summary>Experiments one export may hold (ids are deduplicated first). The default value is 200.</summary>
    [Range(1, 100_000)]
    public int MaxExportExperiments { get; set; } = 200;

    /// <summary>Bytes one export answer may hold (its JSON, files in base64 included); a larger one is refused with 413 before
    /// it is built. The default value is 256 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxExportBytes { get; set; } = 256L << 20;

    /// <summary>Free bytes the data folder's disk must keep: below it, writes (launch, import, upload) are refused with 507 and
    /// /healthz says <c>"disk":"full"</c> (503). The default value is 256 MiB.</summary>
    [Range(0, long.MaxValue)]
    public long MinFreeDiskBytes { get; set; } = 256L << 20;

    /// <summary>Starts after which a run that never finished (its worker died each time) is marked failed instead of re-queued.
    /// The default value is 2.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 2;
}
