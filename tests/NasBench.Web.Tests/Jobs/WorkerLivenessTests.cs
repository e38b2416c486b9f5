using Hangfire.Server;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Time.Testing;
using NasBench.Web.Data;
using NasBench.Web.Jobs;

namespace NasBench.Web.Tests.Jobs;

/// <summary>
/// <see cref="WorkerLiveness"/>: a worker is alive by Hangfire's own heartbeats of its servers (a real SQLite jobs
/// storage here), judged on a fake clock advanced past the stale time; a worker whose servers have not announced
/// themselves yet is alive while it is starting; one with a start-up error, or whose servers Hangfire removed, is not.
/// </summary>
public sealed class WorkerLivenessTests : IDisposable
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(15);
    private readonly string _folder = Directory.CreateTempSubdirectory("nasbench-liveness-").FullName;

    [Fact]
    public void AWorker_IsAliveWhileTheNewestHeartbeatOfItsServersIsFresh_AndGoneAfterTheStaleTime()
    {
        using var storage = new SQLiteStorage(Path.Combine(_folder, "jobs.db"), new SQLiteStorageOptions());
        using (var connection = storage.GetConnection())
        {
            connection.AnnounceServer("h-cpu:10:a", new ServerContext { Queues = ["cpu"], WorkerCount = 2 });
            connection.AnnounceServer("h-gpu:10:b", new ServerContext { Queues = ["gpu"], WorkerCount = 1 });
        }

        var (liveness, clock) = Liveness(storage);
        var worker = new LabWorker { Id = "h:10:x", Host = "h", Pid = 10, ServerIds = "h-cpu:10:a,h-gpu:10:b", StartedAt = clock.GetUtcNow() };
        var unknown = new LabWorker { Id = "h:11:y", Host = "h", Pid = 11, ServerIds = "h-cpu:11:c", StartedAt = clock.GetUtcNow() };
        var servers = liveness.Servers();
        Assert.Equal(2, servers.Count);
        Assert.Equal(clock.GetUtcNow(), WorkerLiveness.Heartbeat(worker, servers));
        Assert.Null(WorkerLiveness.Heartbeat(unknown, servers));
        Assert.False(liveness.IsAlive(unknown, servers)); // its servers are not listed: stopped (removed) or never there

        clock.Advance(Stale - TimeSpan.FromMilliseconds(1));
        Assert.True(liveness.IsAlive(worker, liveness.Servers()));
        clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(liveness.IsAlive(worker, liveness.Servers()));

        using (var connection = storage.GetConnection())
        {
            connection.RemoveServer("h-cpu:10:a");
            connection.RemoveServer("h-gpu:10:b");
        }

        Assert.Null(WorkerLiveness.Heartbeat(worker, liveness.Servers())); // a clean stop: Hangfire removed its servers
    }

    [Fact]
    public void AStartingWorker_IsAliveForTheStaleTime_UnlessItHasAStartUpError()
    {
        using var storage = new SQLiteStorage(Path.Combine(_folder, "jobs.db"), new SQLiteStorageOptions());
        var (liveness, clock) = Liveness(storage);
        var starting = new LabWorker { Id = "h:12:z", Host = "h", Pid = 12, StartedAt = clock.GetUtcNow() };
        var mismatched = new LabWorker { Id = "h:13:w", Host = "h", Pid = 13, StartedAt = clock.GetUtcNow(), Error = "benchmark store mismatch" };
        var servers = liveness.Servers();
        Assert.True(liveness.IsAlive(starting, servers));
        Assert.False(liveness.IsAlive(mismatched, servers));
        clock.Advance(Stale);
        Assert.False(liveness.IsAlive(starting, servers)); // no server announced within the stale time
    }

    private static (WorkerLiveness Liveness, FakeTimeProvider Clock) Liveness(SQLiteStorage storage)
    {
        var beat = storage.GetMonitoringApi().Servers().Max(s => s.Heartbeat) is { } at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(beat);
        var options = Microsoft.Extensions.Options.Options.Create(new global::NasBench.Web.Settings.WorkerOptions { StaleSeconds = Stale.TotalSeconds });
        return (new WorkerLiveness(storage, options, clock), clock);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite's pool may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
