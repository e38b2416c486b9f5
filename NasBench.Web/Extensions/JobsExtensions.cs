using Hangfire;
using Hangfire.Storage.SQLite;
using NasBench.Core.Experiments;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using NasBench.Web.Live;

namespace NasBench.Web.Extensions;

/// <summary>Hangfire on SQLite (jobs.db, apart from lab.db) or PostgreSQL (<see cref="PostgresJobStorage"/>), its servers per queue, the launcher, the notifier and the runners.</summary>
public static class JobsExtensions
{
    /// <summary>How often an idle worker looks for a job (the SQLite storage's default is 15 s).</summary>
    public static readonly TimeSpan QueuePollInterval = TimeSpan.FromMilliseconds(500);

    public static WebApplicationBuilder AddLabJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        bool postgres = LabDatabase.IsPostgres(configuration);
        string? jobs = postgres ? LabDatabase.RequiredConnectionString(configuration, "Jobs") : configuration.GetConnectionString("Jobs");
        services.AddHangfire(c =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseFilter(new KeepQueueFilter())
                .UseFilter(new JobContextFilter());
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
                c.UseSQLiteStorage(jobs ?? LabPaths.JobsDatabase, new SQLiteStorageOptions
                {
                    QueuePollInterval = QueuePollInterval,
                    JournalMode = SQLiteStorageOptions.JournalModes.WAL,
                });
            }
        });
        services.AddSingleton<ExperimentNotifier>();
        services.AddSingleton<CancellationRegistry>();
        services.AddSingleton<NasBench.Web.Account.DataFolders>();
        services.AddSingleton<ExperimentLauncher>();
        services.AddSingleton<BenchmarkProvider>(_ => new BenchmarkProvider());
        services.AddTransient<ExperimentJob>();
        LabRunners.Add(services);
        if (LabRole.RunsWorker(configuration))
        {
            // Before the servers: interrupted experiments go back on their queues first.
            services.AddHostedService<ExperimentRecovery>();
            services.AddHostedService<GracefulShutdown>();
            AddServers(services, configuration);
        }

        return builder;
    }

    /// <summary>One server for the cpu-like queues (NasBench:Worker:CpuWorkers workers) and one single-worker server per
    /// GPU queue, so a GPU runs one training at a time.</summary>
    private static void AddServers(IServiceCollection services, IConfiguration configuration)
    {
        var queues = LabRole.Queues(configuration);
        var gpu = queues.Where(q => q.StartsWith("gpu", StringComparison.Ordinal)).ToArray();
        var cpu = queues.Except(gpu).ToArray();
        int cpuWorkers = configuration.GetValue("NasBench:Worker:CpuWorkers", Math.Max(1, Environment.ProcessorCount / 2));
        if (cpu.Length > 0)
        {
            services.AddHangfireServer(o => Configure(o, "cpu", cpu, cpuWorkers));
        }

        foreach (string queue in gpu)
        {
            services.AddHangfireServer(o => Configure(o, queue, [queue], 1));
        }
    }

    private static void Configure(BackgroundJobServerOptions options, string name, string[] queues, int workers)
    {
        options.ServerName = $"{Environment.MachineName}-{name}";
        options.Queues = queues;
        options.WorkerCount = workers;
        options.CancellationCheckInterval = TimeSpan.FromSeconds(1);
        options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        options.ShutdownTimeout = TimeSpan.FromSeconds(10);
    }
}
