using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using NasBench.Web.Data;
using NasBench.Web.Jobs;

// Not "…Tests.Process": that namespace would hide System.Diagnostics.Process from every other test namespace.
namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>
/// The lease on the experiment row that keeps several workers from running one experiment twice: a stale Hangfire job
/// (the dead worker's, fetched again after the storage's invisibility timeout) claims nothing; a job fetched again
/// while its live worker still runs it claims nothing (live: its Hangfire server's heartbeat is fresh); two workers re-queueing the same dead worker's experiment at
/// once: exactly one does.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class MultiProcessLeaseTests : IDisposable
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(15);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nasbench-lease-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly DbContextOptions<LabDbContext> _options;

    public MultiProcessLeaseTests()
    {
        Directory.CreateDirectory(_folder);
        _options = new DbContextOptionsBuilder<LabDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "lab.db")};Pooling=False").Options;
        using var db = new LabDbContext(_options);
        db.Database.Migrate();
    }

    [Fact]
    public async Task AStaleJob_ClaimsNothing_TheCurrentJobDoes()
    {
        long id = await AddAsync(ExperimentStates.Queued, jobId: "7", workerId: null);
        await using var db = new LabDbContext(_options);
        Assert.False(await ExperimentLease.ClaimAsync(db, id, "3", "w2", null, "cpu", [])); // the dead worker's old job
        Assert.True(await ExperimentLease.ClaimAsync(db, id, "7", "w2", "server", "cpu", []));
        var e = await db.Experiments.AsNoTracking().SingleAsync(x => x.Id == id);
        Assert.Equal((ExperimentStates.Running, 1, "w2", "cpu"), (e.Status, e.Attempts, e.WorkerId, e.Device));
    }

    /// <summary>Liveness is Hangfire's: w1's one server announced itself in a real SQLite jobs storage; the clock that
    /// judges its heartbeat is a fake one started at that heartbeat and advanced past the stale time.</summary>
    [Fact]
    public async Task AJobFetchedAgain_WhileItsLiveWorkerRunsIt_ClaimsNothing_UntilThatWorkerIsStale()
    {
        long id = await AddAsync(ExperimentStates.Running, jobId: "7", workerId: "w1");
        await using var db = new LabDbContext(_options);
        using var storage = new SQLiteStorage(Path.Combine(_folder, "jobs.db"), new SQLiteStorageOptions());
        const string server = "elsewhere-cpu:1:0a1b2c3d";
        using (var connection = storage.GetConnection())
        {
            connection.AnnounceServer(server, new Hangfire.Server.ServerContext { Queues = ["cpu"], WorkerCount = 1 });
        }

        var beat = storage.GetMonitoringApi().Servers().Single().Heartbeat!.Value;
        // At the heartbeat, to the millisecond the lab database keeps (StartedAt is compared below).
        var clock = new FakeTimeProvider(new DateTimeOffset(DateTime.SpecifyKind(beat, DateTimeKind.Utc)).AddTicks(-(beat.Ticks % TimeSpan.TicksPerMillisecond)));
        var liveness = new WorkerLiveness(storage, Microsoft.Extensions.Options.Options.Create(new global::NasBench.Web.Settings.WorkerOptions { StaleSeconds = Stale.TotalSeconds }), clock);
        db.Workers.Add(new LabWorker { Id = "w1", Host = "elsewhere", Pid = 1, StartedAt = clock.GetUtcNow(), ServerIds = server });
        await db.SaveChangesAsync();
        clock.Advance(Stale - TimeSpan.FromSeconds(1));
        Assert.Equal(["w1"], await liveness.LiveWorkerIdsAsync(db));
        Assert.False(await ExperimentLease.ClaimAsync(db, id, "7", "w2", null, "cpu", await liveness.LiveWorkerIdsAsync(db), time: clock)); // its heartbeat is still fresh
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(await liveness.LiveWorkerIdsAsync(db));
        Assert.True(await ExperimentLease.ClaimAsync(db, id, "7", "w2", null, "cpu", await liveness.LiveWorkerIdsAsync(db), time: clock)); // stale now
        Assert.Equal(clock.GetUtcNow(), (await db.Experiments.AsNoTracking().SingleAsync(x => x.Id == id)).StartedAt);
        // The slow worker's next heartbeat finds it has lost the experiment (and stops its run).
        Assert.Equal([id], await ExperimentLease.LostAsync(db, [id], "w1"));
        Assert.Empty(await ExperimentLease.LostAsync(db, [id], "w2"));
    }

    /// <summary>A run that ended by an exception before it could record how it ended stays "running" under its live
    /// worker; Hangfire's retry of that job on that worker takes it back (only that job, only that worker, and only when
    /// the caller says it does not run there any more), so it is never stuck.</summary>
    [Fact]
    public async Task ARetryOfTheSameJob_OnTheSameLiveWorker_TakesItsOrphanBack()
    {
        long id = await AddAsync(ExperimentStates.Running, jobId: "7", workerId: "w1");
        await using var db = new LabDbContext(_options);
        string[] live = ["w1"];
        Assert.False(await ExperimentLease.ClaimAsync(db, id, "7", "w1", null, "cpu", live)); // it may still run there
        Assert.False(await ExperimentLease.ClaimAsync(db, id, "8", "w1", null, "cpu", live, orphanedHere: true)); // another job
        Assert.False(await ExperimentLease.ClaimAsync(db, id, "7", "w2", null, "cpu", live, orphanedHere: true)); // another worker
        Assert.True(await ExperimentLease.ClaimAsync(db, id, "7", "w1", null, "cpu", live, orphanedHere: true));
        var e = await db.Experiments.AsNoTracking().SingleAsync(x => x.Id == id);
        Assert.Equal((ExperimentStates.Running, "w1", "7"), (e.Status, e.WorkerId, e.JobId));
    }

    [Fact]
    public async Task TwoWorkersRequeueTheSameExperimentAtOnce_ExactlyOneDoes()
    {
        // Hangfire's log provider is global: an in-process lab server that ran before left its disposed logger factory there.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        using var storage = new SQLiteStorage(Path.Combine(_folder, "jobs.db"), new SQLiteStorageOptions());
        var jobs = new BackgroundJobClient(storage);
        for (int round = 0; round < 10; round++)
        {
            long id = await AddAsync(ExperimentStates.Running, jobId: null, workerId: "dead");
            var tries = Enumerable.Range(0, 2).Select(async _ =>
            {
                await using var db = new LabDbContext(_options);
                return await ExperimentLease.RequeueIfAsync(db, jobs, id, ExperimentStates.Running, null, "dead", "re-queued: test");
            }).ToArray();
            Assert.Equal(1, (await Task.WhenAll(tries)).Count(won => won));
            await using var check = new LabDbContext(_options);
            var e = await check.Experiments.AsNoTracking().SingleAsync(x => x.Id == id);
            Assert.Equal(ExperimentStates.Queued, e.Status);
            Assert.NotNull(e.JobId);
            Assert.Null(e.WorkerId);
        }
    }

    private async Task<long> AddAsync(string status, string? jobId, string? workerId)
    {
        await using var db = new LabDbContext(_options);
        var e = new Experiment { Kind = "search", Name = "lease", OwnerId = "x", Owner = "x", RequestJson = "{}", CommandLine = "nasbench search", Status = status, JobId = jobId, WorkerId = workerId };
        db.Experiments.Add(e);
        await db.SaveChangesAsync();
        return e.Id;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temporary folder.
        }
    }
}
