using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Jobs;

/// <summary>
/// Which workers are alive, from Hangfire's own server heartbeats (no heartbeat of the lab's). Each Hangfire server of a
/// worker writes its heartbeat into the jobs storage every NasBench:Worker:HeartbeatSeconds
/// (<c>BackgroundJobServerOptions.HeartbeatInterval</c>), and Hangfire's watchdog removes a server silent for
/// NasBench:Worker:StaleSeconds (<c>ServerTimeout</c>); a clean stop removes it at once. The lab's worker row
/// (<see cref="LabWorker"/>) holds only what Hangfire does not know — host, devices, queues, store SHA-256 — and the ids
/// of its Hangfire servers, which link the two.
/// </summary>
/// <remarks>
/// <code>
/// servers  = Hangfire's monitoring API: server id → last heartbeat
/// beat(w)  = the newest heartbeat among w.ServerIds that Hangfire still lists (none: null)
/// alive(w) = beat(w) is not null and now − beat(w) &lt; StaleSeconds
///            or (w has no server yet, no start-up error, and registered less than StaleSeconds ago: it is starting)
/// </code>
/// "now" is the injected <see cref="TimeProvider"/>'s, so tests advance a fake clock past the stale time instead of waiting.
/// </remarks>
public sealed class WorkerLiveness(JobStorage storage, Microsoft.Extensions.Options.IOptions<WorkerOptions> settings, TimeProvider time)
{
    /// <summary>A worker silent for this long is gone (NasBench:Worker:StaleSeconds, Hangfire's ServerTimeout).</summary>
    public TimeSpan StaleAfter => settings.Value.StaleAfter;

    /// <summary>Now, by the injected clock.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The Hangfire servers the storage lists, by id, with their last heartbeat (UTC).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Servers() =>
        storage.GetMonitoringApi().Servers().ToDictionary(s => s.Name, s => Utc(s.Heartbeat ?? s.StartedAt), StringComparer.Ordinal);

    /// <summary>The last heartbeat of <paramref name="worker"/>'s Hangfire servers, or null when Hangfire lists none of them.</summary>
    public static DateTimeOffset? Heartbeat(LabWorker worker, IReadOnlyDictionary<string, DateTimeOffset> servers)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(servers);
        return worker.ServerIds.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => servers.TryGetValue(id, out var beat) ? beat : (DateTimeOffset?)null).Max();
    }

    /// <summary>Whether <paramref name="worker"/> is alive (the remarks' rule) given Hangfire's <paramref name="servers"/>.</summary>
    public bool IsAlive(LabWorker worker, IReadOnlyDictionary<string, DateTimeOffset> servers)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var now = Now;
        return Heartbeat(worker, servers) is { } beat
            ? now - beat < StaleAfter
            : worker.ServerIds.Length == 0 && worker.Error is null && now - worker.StartedAt < StaleAfter;
    }

    /// <summary>The ids of the workers alive now (what <see cref="ExperimentLease"/> must not take an experiment from).</summary>
    public async Task<IReadOnlyCollection<string>> LiveWorkerIdsAsync(LabDbContext db, CancellationToken cancellationToken = default) =>
        [.. (await LiveWorkersAsync(db, cancellationToken)).Select(w => w.Id)];

    /// <summary>The worker rows alive now.</summary>
    public async Task<List<LabWorker>> LiveWorkersAsync(LabDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Alive(await db.Workers.AsNoTracking().ToListAsync(cancellationToken));
    }

    /// <summary>The worker rows alive now (for synchronous callers).</summary>
    public List<LabWorker> LiveWorkers(LabDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Alive([.. db.Workers.AsNoTracking()]);
    }

    /// <summary>The workers as the home page lists them: the live ones (by host and pid), then the last
    /// <paramref name="gone"/> that went away, each with its last heartbeat and the experiments it runs.</summary>
    public async Task<List<WorkerStatus>> ListAsync(LabDbContext db, int gone = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var servers = Servers();
        var rows = await db.Workers.AsNoTracking().OrderByDescending(w => w.StartedAt).Take(50).ToListAsync(cancellationToken);
        var running = (await db.Experiments.AsNoTracking().Where(e => e.Status == ExperimentStates.Running && e.WorkerId != null)
                .Select(e => new { e.Id, e.WorkerId }).ToListAsync(cancellationToken))
            .ToLookup(e => e.WorkerId!, e => e.Id);
        var all = rows.Select(w => new WorkerStatus(w, Heartbeat(w, servers), IsAlive(w, servers), [.. running[w.Id].Order()])).ToList();
        return [.. all.Where(w => w.Online).OrderBy(w => w.Host, StringComparer.Ordinal).ThenBy(w => w.Pid), .. all.Where(w => !w.Online).Take(gone)];
    }

    private List<LabWorker> Alive(List<LabWorker> rows)
    {
        var servers = Servers();
        return [.. rows.Where(w => IsAlive(w, servers))];
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

/// <summary>A worker as the home page shows it: its row, its last heartbeat (Hangfire's; null when Hangfire lists none of
/// its servers), whether it is alive and the experiments it runs.</summary>
public sealed record WorkerStatus(LabWorker Row, DateTimeOffset? HeartbeatAt, bool Online, IReadOnlyList<long> Running)
{
    public string Id => Row.Id;

    public string Host => Row.Host;

    public int Pid => Row.Pid;

    public string Queues => Row.Queues;

    public string Devices => Row.Devices;

    public string? Error => Row.Error;
}
