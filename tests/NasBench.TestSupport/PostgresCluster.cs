using System.Diagnostics;
using System.Globalization;

namespace NasBench.TestSupport;

/// <summary>
/// A real PostgreSQL 15 for the tests: initdb into a temporary folder, pg_ctl start on a free loopback port (as the
/// postgres user when the tests run as root), trust authentication for user postgres, one pair of databases per test
/// class or process test (<see cref="CreateDatabases"/>). <see cref="Shared"/> starts once per test process and stops
/// (folder deleted) when the process exits; a cluster left behind by a killed test process is stopped by the next start.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    /// <summary>Debian's PostgreSQL 15 (the package `postgresql`, installed by ./test.sh).</summary>
    public const string BinaryFolder = "/usr/lib/postgresql/15/bin";

    private const string FolderPrefix = "nasbench-pg-";
    private static readonly Lazy<PostgresCluster> SharedCluster = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly bool AsRoot = Environment.UserName == "root";
    private static readonly bool Keep = Environment.GetEnvironmentVariable("NASBENCH_PG_KEEP") == "1";
    private int _databases;
    private bool _stopped;

    private PostgresCluster(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    /// <summary>The cluster of this test process, started on first use.</summary>
    public static PostgresCluster Shared => SharedCluster.Value;

    /// <summary>The temporary folder (data/ in it, the server's socket and log).</summary>
    public string Folder { get; }

    public int Port { get; }

    private string Data => Path.Combine(Folder, "data");

    /// <summary>An Npgsql connection string for <paramref name="database"/> (user postgres, trust on 127.0.0.1).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database}";

    /// <summary>A fresh, empty pair of databases (lab and jobs) with unique names starting with <paramref name="name"/>.</summary>
    public PostgresDatabases CreateDatabases(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string stem = new([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24)]);
        string unique = $"{(stem.Length > 0 ? stem : "db")}_{Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture)}_{Guid.NewGuid().ToString("N")[..8]}";
        string lab = unique + "_lab", jobs = unique + "_jobs";
        foreach (string database in new[] { lab, jobs })
        {
            Run(Path.Combine(BinaryFolder, "createdb"), false, "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", database);
        }

        return new PostgresDatabases(ConnectionString(lab), ConnectionString(jobs));
    }

    /// <summary>Initialises and starts a new cluster (normally use <see cref="Shared"/>).</summary>
    public static PostgresCluster Start()
    {
        string initdb = Path.Combine(BinaryFolder, "initdb");
        if (!File.Exists(initdb))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({initdb} is missing): run ./test.sh once, which installs Debian's postgresql package.");
        }

        StopLeftovers();
        string folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        if (AsRoot)
        {
            Run("chown", false, "postgres:postgres", folder);
        }

        var cluster = new PostgresCluster(folder, LoopbackPort.Free());
        try
        {
            Run(initdb, AsRoot, "-D", cluster.Data, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C");
            // synchronous_commit=off: a commit does not wait for the WAL flush (as SQLite's synchronous=NORMAL in WAL mode);
            // fsync=off: the data is thrown away, and the shutdown checkpoint takes no seconds of syncing at process exit.
            // log_lock_waits: waits over 1 s are in server.log (NASBENCH_PG_KEEP=1 keeps the folder to read it).
            string options = $"-c port={cluster.Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} -c synchronous_commit=off -c fsync=off -c max_connections=300 -c log_lock_waits=on";
            Run(Path.Combine(BinaryFolder, "pg_ctl"), AsRoot, "start", "-w", "-t", "60", "-D", cluster.Data, "-l", Path.Combine(folder, "server.log"), "-o", options);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        cluster.Watch();
        return cluster;
    }

    /// <summary>Stops the server (immediate shutdown: the data is thrown away) and deletes the folder.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Stop(Folder, "immediate");
    }

    /// <summary>
    /// The test host is often killed right after the last test (its exit handlers get cut off), and may die any other
    /// way: a detached watchdog (setsid -f: outside the test process's tree) stops the server and deletes the folder
    /// once this process is gone.
    /// </summary>
    private void Watch()
    {
        string pgCtl = (AsRoot ? "runuser -u postgres -- " : "") + Path.Combine(BinaryFolder, "pg_ctl");
        string script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
            $"{pgCtl} stop -m immediate -D '{Data}' >/dev/null 2>&1" + (Keep ? "" : $"; rm -rf '{Folder}'");
        Run("setsid", false, "-f", "sh", "-c", script);
    }

    private static PostgresCluster StartShared()
    {
        var cluster = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    }

    private static void Stop(string folder, string mode)
    {
        string data = Path.Combine(folder, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                Run(Path.Combine(BinaryFolder, "pg_ctl"), AsRoot, "stop", "-w", "-m", mode, "-D", data);
            }
            catch (InvalidOperationException)
            {
                // Already stopped: the folder is deleted all the same.
            }
        }

        if (Keep)
        {
            return;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Clusters of test processes that were killed (their pid, in the folder name, no longer runs).</summary>
    private static void StopLeftovers()
    {
        foreach (string folder in Keep ? [] : Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            string name = Path.GetFileName(folder)[FolderPrefix.Length..];
            if (int.TryParse(name.Split('-')[0], CultureInfo.InvariantCulture, out int pid) && pid != Environment.ProcessId && !Runs(pid))
            {
                Stop(folder, "immediate");
            }
        }
    }

    private static bool Runs(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Run(string program, bool asPostgres, params string[] arguments)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (string a in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        // Both streams read at once, so neither pipe can fill up and block the tool (pg_ctl sends the server's output to -l).
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string text = error.Wait(TimeSpan.FromSeconds(2)) ? error.Result : "";
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {text.Trim()}");
        }
    }

}

/// <summary>A fresh pair of databases: the lab's (EF Core) and the jobs' (Hangfire).</summary>
public sealed record PostgresDatabases(string Lab, string Jobs)
{
    /// <summary>The lab server's settings for these databases, as configuration keys.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["NasBench:Database"] = "postgres",
        ["ConnectionStrings:Lab"] = Lab,
        ["ConnectionStrings:Jobs"] = Jobs,
    };

    /// <summary>The same as environment variables for a child process (NasBench__Database=postgres, …).</summary>
    public IReadOnlyDictionary<string, string> Environment => Settings.ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value);
}
