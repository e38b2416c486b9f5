using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NasBench.Core.Experiments;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using NasBench.Web.Live;

namespace NasBench.Web.Extensions;

/// <summary>Hangfire on SQLite (jobs.db, apart from lab.db) or PostgreSQL (<see cref="PostgresJobStorage"/>), its servers per queue, the launcher, the notifier and the runners.</summary>
public static class JobsExtensions
{
    /// <summary>How often an idle worker looks for a job (the SQLite storage's default is 15 s). The storage has no
    /// in-process wake-up on enqueue, so the interval is the enqueue → running latency (half of it on average); a poll
    /// is one indexed read of a tiny table (measured: an idle server with two cpu workers uses 1–2 % of a core).</summary>
    public static readonly TimeSpan QueuePollInterval = TimeSpan.FromMilliseconds(100);

    public static WebApplicationBuilder AddLabJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        bool postgres = LabDatabase.IsPostgres(configuration);
        string? jobs = postgres ? LabDatabase.RequiredConnectionString(configuration, "Jobs") : configuration.GetConnectionString("Jobs");
        services.AddHangfire((sp, c) =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseFilter(new KeepQueueFilter())
                .UseFilter(new JobContextFilter());
            if (sp.GetService<ILoggerFactory>() is { } loggers)
            {
                c.UseLogProvider(new HostLogProvider(loggers));
            }

            if (postgres)
            {
                // Worker death: Hangfire.PostgreSql hands a job over only through its invisibility timeout. Ours slides
                // (30 s, renewed every 6 s by each living server), so a job of a worker killed with -9 is fetched again
                // by another worker 23-31 s after the kill; the defaults (30 min, not sliding) would wait 30 min and run
                // any job longer than 30 min twice. Details and tests: PostgresJobStorage.
                PostgresJobStorage.Use(c, jobs!, QueuePollInterval);
            }
            else
            {
                var options = new SQLiteStorageOptions
                {
                    QueuePollInterval = QueuePollInterval,
                    JournalMode = SQLiteStorageOptions.JournalModes.WAL,
                };
                var storage = c.UseSQLiteStorage(jobs ?? LabPaths.JobsDatabase, options).Entry;
                // The library's fetch is not atomic across processes and its invisibility does not slide (SqliteQueueProvider):
                // ours takes every queue a server of this process can listen to (WorkerHost.Plan uses these names only).
                SqliteQueueProvider.Use(storage, options, [.. LabRole.Queues(configuration), "default"],
                    logger: sp.GetService<ILoggerFactory>()?.CreateLogger<SqliteQueueProvider>());
            }
        });
        // The workers' clock (leases, heartbeats, hand-over): tests give a fake one.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ExperimentNotifier>();
        services.AddSingleton<ExperimentChanges>();
        services.AddSingleton<WorkerLiveness>();
        services.AddSingleton<CancellationRegistry>();
        services.AddSingleton<NasBench.Web.Account.DataFolders>();
        services.AddSingleton<ExperimentDispatcher>();
        services.AddSingleton<ExperimentLauncher>();
        services.AddSingleton<BenchmarkProvider>(_ => new BenchmarkProvider());
        services.AddTransient<ExperimentJob>();
        LabRunners.Add(services);
        services.AddSingleton<WorkerIdentity>();
        if (LabRole.ServesWeb(configuration))
        {
            services.AddHostedService<LabBenchmark.WebRecord>();
            services.AddHostedService<CrossProcessChanges>();
            services.AddSessions();    // ask/tell sessions: idle ones end, a restart restores the open ones
        }

        if (LabRole.RunsWorker(configuration))
        {
            AddServers(services);
        }

        return builder;
    }

    /// <summary>The worker: it registers itself, checks its benchmark store, hands over dead workers' experiments and
    /// then starts its Hangfire servers (<see cref="WorkerHost.Plan"/>); the graceful shutdown re-queues what runs.</summary>
    private static void AddServers(IServiceCollection services)
    {
        services.AddSingleton<ExperimentRecovery>();
        services.AddSingleton<WorkerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerHost>());
        services.AddHostedService<GracefulShutdown>();
    }
}
