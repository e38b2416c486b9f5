using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace NasBench.Web.Extensions;

/// <summary>
/// Hangfire.PostgreSql for NasBench:Database = postgres (ConnectionStrings:Jobs, a database apart from the lab's).
/// </summary>
/// <remarks>
/// How Hangfire.PostgreSql 1.21.1 hands a job over when its worker dies (read from its source: PostgreSqlJobQueue,
/// PostgreSqlFetchedJob, PostgreSqlHeartbeatProcess). A fetch sets jobqueue.fetchedat = NOW() and a worker takes any row
/// whose fetchedat is NULL or older than NOW() - InvisibilityTimeout (FOR UPDATE SKIP LOCKED). The job row stays until
/// the job ends (deleted) or the worker shuts down gracefully (fetchedat = NULL: at once visible again).
/// <list type="bullet">
/// <item>Defaults: InvisibilityTimeout 30 min, UseSlidingInvisibilityTimeout false. Then a job running longer than 30
/// min is fetched a second time by another worker while the first still runs (double execution), and a job of a worker
/// killed with -9 waits up to 30 min.</item>
/// <item>With UseSlidingInvisibilityTimeout (ours) a storage component of every Hangfire server checks once a second
/// and renews fetchedat every InvisibilityTimeout / 5 for the jobs this process runs; after kill -9 the renewals stop,
/// and another worker takes the job InvisibilityTimeout after the last renewal (plus one queue poll), i.e. 0.77–1 ×
/// InvisibilityTimeout after the kill. With 30 s: renewed every 6–7 s, handed over 23–31 s after the kill. The new worker performs it again from
/// Processing (the dead server's state); Hangfire's retry count is not touched.</item>
/// <item>Caveats: the renewal runs only in a full server (not IsLightweightServer); if a living worker cannot renew for
/// InvisibilityTimeout (a database outage, a stalled process), the job is fetched again: the second fetch's Processing
/// state makes Hangfire abort the first run (its abort watcher), the second finds the experiment leased to the first
/// worker and does nothing, and the first re-queues the experiment under a new job (ExperimentJob.AbortedAsync), so it
/// runs again (resuming) rather than staying "running".</item>
/// </list>
/// Checked on a real server by tests/NasBench.Web.Tests/Postgres/InvisibilityTimeoutTests (3 s timeout: a stopped
/// worker's job is fetched again after 3.0 s, never before; a renewed one is not fetched again).
/// </remarks>
public static class PostgresJobStorage
{
    /// <summary>How long a fetched job stays invisible without a renewal (see the remarks).</summary>
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The advisory-lock key of the schema install (apart from the lab database's start-up lock).</summary>
    private const long InstallLock = 0x4E41_5342_0002;

    /// <summary>The fewest thread-pool threads on PostgreSQL (see <see cref="Use"/>).</summary>
    public const int MinThreads = 64;

    public static void Use(IGlobalConfiguration configuration, string connectionString, TimeSpan queuePollInterval)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Hangfire.PostgreSql does synchronous network I/O (Dapper, sync Npgsql), on the request threads that create
        // jobs and on the workers. A burst of submissions then blocks every pool thread, and on a 2-core machine the pool
        // adds about one thread a second: measured, 50 searches submitted at once stalled 25-30 s and some requests hit
        // Npgsql's 30 s command timeout (500s). With a floor of 64 threads the same burst ran in 6-8 s, as on SQLite.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, MinThreads), io);
        Install(connectionString);
        configuration.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), Options(queuePollInterval, InvisibilityTimeout));
    }

    /// <summary>The storage's options (the tests use a shorter invisibility timeout).</summary>
    public static PostgreSqlStorageOptions Options(TimeSpan queuePollInterval, TimeSpan invisibilityTimeout) => new()
    {
        QueuePollInterval = queuePollInterval,
        InvisibilityTimeout = invisibilityTimeout,
        UseSlidingInvisibilityTimeout = true,
        // Installed by Install under a lock; the storage's own install would race (serializable transactions, retried after 1 s).
        PrepareSchemaIfNecessary = false,
    };

    /// <summary>Creates or upgrades the "hangfire" schema, one process at a time.</summary>
    public static void Install(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Execute(connection, $"SELECT pg_advisory_lock({InstallLock})");
        try
        {
            PostgreSqlObjectsInstaller.Install(connection);
        }
        finally
        {
            // Explicitly: a pooled connection keeps its session (and the lock) after Close.
            Execute(connection, $"SELECT pg_advisory_unlock({InstallLock})");
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
