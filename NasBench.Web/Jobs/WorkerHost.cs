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
/// no queue is left. Then it heartbeats every NasBench:Worker:HeartbeatSeconds: what it runs, its Hangfire server
/// ids, the lease check of its running experiments, and the hand-over of dead workers' experiments.
/// </summary>
public sealed partial class WorkerHost(
    IServiceProvider services,
    WorkerIdentity me,
    ExperimentRecovery recovery,
    CancellationRegistry running,
    IDbContextFactory<LabDbContext> contexts,
    Microsoft.Extensions.Options.IOptions<WorkerOptions> settings,
    TimeProvider time,
    ILogger<WorkerHost> logger) : IHostedService, IDisposable
{
    private readonly List<IHostedService> _servers = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private DateTimeOffset _lastBeat;

    /// <summary>Why this worker takes no job, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Its Hangfire servers run and its last heartbeat is fresh (GET /healthz of role worker).</summary>
    public bool IsUp => Error is null && _servers.Count > 0 && time.GetUtcNow() - _lastBeat < settings.Value.StaleAfter;

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
            // Every start is a new row; the ones gone for a week only made the list long.
            var week = now - TimeSpan.FromDays(7);
            await db.Workers.Where(w => w.HeartbeatAt < week).ExecuteDeleteAsync(cancellationToken);
            db.Workers.Add(new LabWorker
            {
                Id = me.Id, Host = me.Host, Pid = Environment.ProcessId, CpuCores = Environment.ProcessorCount, Devices = string.Join('\n', me.Devices),
                Queues = Error is null ? string.Join(',', queues) : "", StoreSha256 = sha, Error = Error, StartedAt = now, HeartbeatAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        _lastBeat = now;
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

        foreach (var server in _servers)
        {
            await server.StopAsync(cancellationToken);
        }

        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var now = time.GetUtcNow();
        await db.Workers.Where(w => w.Id == me.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.StoppedAt, now).SetProperty(w => w.Running, ""), CancellationToken.None);
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

    private static BackgroundJobServerOptions Options(string name, string[] queues, int workers) => new()
    {
        ServerName = $"{Environment.MachineName}-{name}",
        Queues = queues,
        WorkerCount = workers,
        CancellationCheckInterval = TimeSpan.FromSeconds(1),
        SchedulePollingInterval = TimeSpan.FromSeconds(1),
        ShutdownTimeout = TimeSpan.FromSeconds(10),
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
