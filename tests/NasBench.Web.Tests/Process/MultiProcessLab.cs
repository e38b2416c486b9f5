using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

// Not "…Tests.Process": that namespace would hide System.Diagnostics.Process from every other test namespace.
namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>
/// The lab beyond one process: one <c>web</c> and N <c>worker</c> child processes sharing one lab database and one jobs
/// database. The databases are a parameter: the environment every child gets (<c>NasBench__Database</c>,
/// <c>ConnectionStrings__Lab</c>, <c>ConnectionStrings__Jobs</c>); none means SQLite files in the shared data folder
/// (lab.db, jobs.db: processes on one host). <see cref="FromEnvironment"/> reads NASBENCH_TEST_DATABASE,
/// NASBENCH_TEST_LAB and NASBENCH_TEST_JOBS, so the same tests run on PostgreSQL.
/// </summary>
public sealed class MultiProcessLab : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly IReadOnlyDictionary<string, string> _database;

    /// <param name="home">The shared data folder (experiment files, checkpoints, SQLite files).</param>
    /// <param name="workers">How many worker processes.</param>
    /// <param name="database">The database variables of every child (empty: SQLite in <paramref name="home"/>).</param>
    /// <param name="worker">More variables of the workers (NasBench__CheckpointFolder, …).</param>
    /// <param name="distinctHosts">Each worker names another host (NasBench__Worker__Host): as on separate machines, a dead
    /// worker is then known by its stale heartbeat only, not by its process being gone.</param>
    public MultiProcessLab(string home, int workers, IReadOnlyDictionary<string, string>? database = null, IReadOnlyDictionary<string, string>? worker = null,
        bool distinctHosts = false)
    {
        Home = home;
        _database = database ?? FromEnvironment();
        Web = new LabProcess(home, With(new Dictionary<string, string> { ["NasBench__Role"] = "web" }));
        for (int i = 0; i < workers; i++)
        {
            var environment = new Dictionary<string, string>
            {
                ["NasBench__Role"] = "worker",
                // gpu is configured on purpose: a worker without CUDA must drop it (and say so).
                ["NasBench__Worker__Queues"] = "cpu,gpu",
                ["NasBench__Worker__CpuWorkers"] = "2",
            };
            if (distinctHosts)
            {
                environment["NasBench__Worker__Host"] = $"{Environment.MachineName}-host{i + 1}";
            }

            foreach (var (key, value) in worker ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }

            Workers.Add(new LabProcess(home, With(environment)));
        }
    }

    public string Home { get; }

    /// <summary>The database variables every child of this lab gets (empty: SQLite in the data folder).</summary>
    public IReadOnlyDictionary<string, string> DatabaseEnvironment => _database;

    public LabProcess Web { get; }

    public List<LabProcess> Workers { get; } = [];

    /// <summary>The database of the children from NASBENCH_TEST_DATABASE (sqlite/postgres), NASBENCH_TEST_LAB and
    /// NASBENCH_TEST_JOBS (connection strings); empty when unset (SQLite in the data folder).</summary>
    public static IReadOnlyDictionary<string, string> FromEnvironment()
    {
        var variables = new Dictionary<string, string>();
        void Add(string from, string to)
        {
            if (Environment.GetEnvironmentVariable(from) is { Length: > 0 } value)
            {
                variables[to] = value;
            }
        }

        Add("NASBENCH_TEST_DATABASE", "NasBench__Database");
        Add("NASBENCH_TEST_LAB", "ConnectionStrings__Lab");
        Add("NASBENCH_TEST_JOBS", "ConnectionStrings__Jobs");
        return variables;
    }

    /// <summary>Starts the web (it migrates both databases), then the workers; returns the seconds each took.</summary>
    public async Task<double[]> StartAsync()
    {
        var seconds = new List<double> { (await Web.StartAsync(StartTimeout)).TotalSeconds };
        foreach (var worker in Workers)
        {
            seconds.Add((await worker.StartAsync(StartTimeout)).TotalSeconds);
        }

        return [.. seconds];
    }

    /// <summary>The lab database, opened by the test (SQLite: the shared lab.db; PostgreSQL: ConnectionStrings__Lab).</summary>
    public LabDbContext Database() =>
        _database.TryGetValue("NasBench__Database", out string? kind) && kind == "postgres"
            ? (LabDbContext)new PostgresLabDbContext(new DbContextOptionsBuilder<PostgresLabDbContext>().UseNpgsql(_database["ConnectionStrings__Lab"]).Options)
            : new LabDbContext(new DbContextOptionsBuilder<LabDbContext>().UseSqlite($"Data Source={Path.Combine(Home, "lab.db")};Pooling=False").Options);

    /// <summary>How many times each Hangfire job entered the Processing state (read from the jobs database: SQLite's
    /// State table, Hangfire.PostgreSql's hangfire.state).</summary>
    public async Task<Dictionary<long, int>> ProcessingStatesAsync()
    {
        const string Sqlite = "SELECT JobId, COUNT(*) FROM State WHERE Name = 'Processing' GROUP BY JobId";
        const string Postgres = "SELECT jobid, COUNT(*) FROM hangfire.state WHERE name = 'Processing' GROUP BY jobid";
        bool postgres = _database.TryGetValue("NasBench__Database", out string? kind) && kind == "postgres";
        await using System.Data.Common.DbConnection connection = postgres
            ? new Npgsql.NpgsqlConnection(_database["ConnectionStrings__Jobs"])
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Home, "jobs.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = postgres ? Postgres : Sqlite;
        var counts = new Dictionary<long, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>The worker process whose pid a worker row names.</summary>
    public LabProcess? WorkerOf(int pid) => Workers.FirstOrDefault(w => w.Pid == pid);

    /// <summary>Everything the children printed (for failure messages).</summary>
    public string Logs => string.Join("\n", new[] { ("web", Web) }.Concat(Workers.Select((w, i) => ($"worker {i + 1}", w)))
        .Select(p => $"----- {p.Item1} (pid {p.Item2.Pid}) -----\n{p.Item2.Log}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in Workers)
        {
            await worker.DisposeAsync();
        }

        await Web.DisposeAsync();
    }

    private Dictionary<string, string> With(Dictionary<string, string> environment)
    {
        foreach (var (key, value) in _database)
        {
            environment[key] = value;
        }

        return environment;
    }
}
