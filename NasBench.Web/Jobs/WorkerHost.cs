using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Jobs;

/// <summary>
/// The worker of this process (roles all and worker). At start it registers itself (host, pid, queues, devices, CPU
/// cores), checks its benchmark store against the lab's, hands over what its previous instance left running, and only
/// then starts its Hangfire servers — none when the store differs (a clear error in the log and on the home page) or
/// no queue is left — and records their ids in its row once Hangfire lists them. Liveness is Hangfire's: its servers
/// heartbeat every NasBench:Worker:HeartbeatSeconds and are gone after NasBench:Worker:StaleSeconds of silence
/// (<see cref="WorkerLiveness"/>). Every NasBench:Worker:HeartbeatSeconds this worker also checks (WorkerHost.Checks.cs):
/// the lease of its running experiments, the hand-over of dead workers' experiments, and the held ones' dispatch.
/// </summary>
public sealed partial class WorkerHost(
    IServiceProvider services,
    WorkerIdentity me,
    ExperimentRecovery recovery,
    CancellationRegistry running,
    WorkerLiveness liveness,
    IDbContextFactory<LabDbContext> contexts,
    Microsoft.Extensions.Options.IOptions<WorkerOptions> settings,
    TimeProvider time,
    ILogger<WorkerHost> logger) : IHostedService, IDisposable
{
    private readonly List<IHostedService> _servers = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Why this worker takes no job, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Its Hangfire servers run and Hangfire lists them with a fresh heartbeat (GET /healthz of role worker).</summary>
    public bool IsUp
    {
        get
        {
            if (Error is not null || _servers.Count == 0)
            {
                return false;
            }

            var servers = liveness.Servers();
            var now = time.GetUtcNow();
            var mine = servers.Where(s => me.IsOwnServer(s.Key)).ToList();
            return mine.Count > 0 && mine.All(s => now - s.Value < settings.Value.StaleAfter);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queues = me.Queues();
        var store = BenchmarkInfo.Read();
        string? sha = store.Available ? store.Sha256 : null;
        string? recorded = await LabBenchmark.RecordAsync(contexts, sha, replace: false, cancellationToken);
        if (sha is not null && recorded is not null && !string.Equals(sha, recorded, StringComparison.OrdinalIgnoreCase))
        {
            Error = $"benchmark store mismatch: this worker's store {store.Store} has SHA-256 {sha}, the lab's benchmark is {recorded}; "
                + "this worker takes no job (copy the lab's store here, or point NASBENCH_STORE at it)";
            LogMismatch(me.Id, Error);
        }
        else if (sha is null && recorded is not null)
        {
            logger.LogWarning("Worker {Id} has no benchmark store ({Store}): experiments on the lab's store ({Sha256}) fail here", me.Id, store.Store, recorded);
        }

        var now = time.GetUtcNow();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // Every start is a new row; the ones started over a week ago that Hangfire no longer lists only made the list long.
            var week = now - TimeSpan.FromDays(7);
            var servers = liveness.Servers();
            var old = (await db.Workers.AsNoTracking().Where(w => w.StartedAt < week).ToListAsync(cancellationToken))
                .Where(w => !liveness.IsAlive(w, servers)).Select(w => w.Id).ToList();
            await db.Workers.Where(w => old.Contains(w.Id)).ExecuteDeleteAsync(cancellationToken);
            db.Workers.Add(new LabWorker
            {
                Id = me.Id, Host = me.Host, Pid = Environment.ProcessId, CpuCores = Environment.ProcessorCount, Devices = string.Join('\n', me.Devices),
                Queues = Error is null ? string.Join(',', queues) : "", StoreSha256 = sha, Error = Error, StartedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        // What this worker's previous instance (or any dead worker) left running goes back on its queue before we listen.
        await recovery.RecoverAsync(lostJobs: true, cancellationToken);
        if (Error is null)
        {
            foreach (var options in Plan(queues))
            {
                var server = Create(options);
                await server.StartAsync(cancellationToken);
                _servers.Add(server);
            }

            me.ServersStarted = _servers.Count > 0;
            await RecordServersAsync(cancellationToken);
            logger.LogInformation("Worker {Id} listens to {Queues} on {Devices}", me.Id, queues.Length == 0 ? "no queue" : string.Join(", ", queues), string.Join("; ", me.Devices));
        }

        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        // A stopped Hangfire server removes itself from the storage: from then on this worker is not alive.
        foreach (var server in _servers)
        {
            await server.StopAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var server in _servers.OfType<IDisposable>())
        {
            server.Dispose();
        }

        _stop.Dispose();
    }

    /// <summary>One server for the cpu-like queues (NasBench:Worker:CpuWorkers workers) and one single-worker server per
    /// GPU queue gpu-&lt;host&gt;-&lt;n&gt; (also taking "gpu" jobs), or one for "gpu" alone: a GPU trains one job at a time.</summary>
    internal IEnumerable<BackgroundJobServerOptions> Plan(string[] queues)
    {
        var cpu = queues.Where(q => !WorkerIdentity.IsGpuQueue(q)).ToArray();
        var gpu = queues.Where(q => q.StartsWith("gpu-", StringComparison.Ordinal)).ToArray();
        bool any = queues.Contains("gpu");
        if (cpu.Length > 0)
        {
            yield return Options("cpu", cpu, settings.Value.CpuWorkerCount);
        }

        foreach (string queue in gpu)
        {
            yield return Options(queue, any ? [queue, "gpu"] : [queue], 1);
        }

        if (any && gpu.Length == 0)
        {
            yield return Options("gpu", ["gpu"], 1);
        }
    }

    /// <summary>A server's options; its heartbeat, timeout and check are the worker's liveness (<see cref="WorkerLiveness"/>).</summary>
    private BackgroundJobServerOptions Options(string name, string[] queues, int workers) => new()
    {
        ServerName = $"{Environment.MachineName}-{name}",
        Queues = queues,
        WorkerCount = workers,
        CancellationCheckInterval = TimeSpan.FromSeconds(1),
        SchedulePollingInterval = TimeSpan.FromSeconds(1),
        ShutdownTimeout = TimeSpan.FromSeconds(10),
        HeartbeatInterval = settings.Value.HeartbeatInterval,
        ServerTimeout = settings.Value.StaleAfter,
        ServerCheckInterval = settings.Value.HeartbeatInterval,
    };

    /// <summary>What AddHangfireServer registers, made here so that it starts only after the checks.</summary>
    private BackgroundJobServerHostedService Create(BackgroundJobServerOptions options)
    {
        options.Activator = services.GetService<JobActivator>();
        options.FilterProvider = services.GetService<IJobFilterProvider>();
        options.TimeZoneResolver = services.GetService<ITimeZoneResolver>();
        return new BackgroundJobServerHostedService(services.GetRequiredService<JobStorage>(), options, services.GetServices<IBackgroundProcess>());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Id}: {Error}")]
    private partial void LogMismatch(string id, string error);
}
