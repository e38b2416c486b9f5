using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Training.Experiments;
using NasBench.Web.Data;
using Xunit.Abstractions;

// Not "…Tests.Process": that namespace would hide System.Diagnostics.Process from every other test namespace.
namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>
/// One web and two worker processes on one lab database and one jobs database: every experiment runs exactly once and
/// both workers take work; kill -9 of the worker that trains hands the training to the other, which resumes it from
/// the shared checkpoint folder and ends with each epoch stored once and the accuracy of an uninterrupted run.
/// </summary>
public abstract class MultiProcessTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The database variables of the children (null: SQLite files in the shared data folder).</summary>
    protected abstract IReadOnlyDictionary<string, string>? Databases();

    private readonly string _home = Path.Combine(Path.GetTempPath(), "nasbench-multi-" + Guid.NewGuid().ToString("N")[..8]);

    internal static object ShortSearch(int seed) =>
        new { kind = "search", algorithm = "evolution", queries = 300, runs = 2, seed, population = 10, tournament = 3, records = LabServer.RecordsCsv };

    [Fact]
    public async Task TwelveSearchesAndATraining_RunExactlyOnce_AndBothWorkersTakeWork()
    {
        // One user's thirteen with the default fair share (MaxRunningPerUser 2): the order is work-conserving, so the two
        // workers' four slots all take work (OneUsersSearches_TakeEveryWorkerSlot… below checks the order itself).
        await using var lab = new MultiProcessLab(_home, workers: 2, Databases());
        output.WriteLine($"start (web, worker, worker): {string.Join(", ", (await lab.StartAsync()).Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))} s");
        using var client = await lab.Web.AdminAsync();
        var clock = Stopwatch.StartNew();
        long training = await LabApi.LaunchAsync(client, Jobs.TrainingJobTests.Tiny(2));
        var searches = new List<long>();
        for (int i = 0; i < 12; i++)
        {
            searches.Add(await LabApi.LaunchAsync(client, ShortSearch(100 + i)));
        }

        double lastSearch = 0;
        System.Text.Json.JsonElement trained;
        try
        {
            foreach (long id in searches)
            {
                await LabApi.WaitForAsync(client, id, TimeSpan.FromSeconds(180), e => ExperimentStates.IsFinal(e.GetProperty("status").GetString()!));
                lastSearch = clock.Elapsed.TotalSeconds;
            }

            trained = await LabApi.WaitForAsync(client, training, TimeSpan.FromSeconds(240), e => ExperimentStates.IsFinal(e.GetProperty("status").GetString()!));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // What the processes said is what tells why an experiment did not finish.
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + lab.Logs);
        }

        output.WriteLine($"12 searches done in {lastSearch:F1} s ({12 / lastSearch:F2} experiments/s, with the training running); training done at {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("cpu", trained.GetProperty("device").GetString());

        await using var db = lab.Database();
        var all = await db.Experiments.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        foreach (var e in all)
        {
            output.WriteLine($"#{e.Id} {e.Kind} {e.Status} attempts {e.Attempts} on {e.WorkerId} ({e.Device})");
        }

        Assert.All(all, e => Assert.True(e.Status == ExperimentStates.Succeeded && e.Attempts == 1, $"#{e.Id}: {e.Status}, {e.Attempts} attempts\n{lab.Logs}"));
        // Each Hangfire job was handed out once: two Processing states of one job are two workers performing it (the
        // SQLite fetch that was not atomic across processes; the second one's state aborted the first run).
        var processing = await lab.ProcessingStatesAsync();
        foreach (var e in all)
        {
            Assert.True(processing.GetValueOrDefault(long.Parse(e.JobId!, CultureInfo.InvariantCulture)) == 1,
                $"#{e.Id}: its job {e.JobId} went to Processing {processing.GetValueOrDefault(long.Parse(e.JobId!, CultureInfo.InvariantCulture))} times\n{lab.Logs}");
        }

        var workers = await db.Workers.AsNoTracking().ToListAsync();
        Assert.Equal(2, workers.Count);
        Assert.All(workers, w => Assert.Equal("cpu", w.Queues)); // gpu dropped: no CUDA here
        Assert.All(workers, w => Assert.StartsWith("cpu ", w.Devices, StringComparison.Ordinal));
        Assert.Equal(2, all.Select(e => e.WorkerId).Distinct().Count());
        Assert.All(lab.Workers, w => Assert.Contains("does NOT listen to the configured GPU queue(s) gpu", w.Log, StringComparison.Ordinal));
        Assert.Equal([1, 2], await db.TrainingEpochs.Where(e => e.ExperimentId == training).OrderBy(e => e.Epoch).Select(e => e.Epoch).ToListAsync());

        // Each process's health: the web's, and each worker's own worker.
        foreach (var process in lab.Workers.Append(lab.Web))
        {
            using var anonymous = process.Anonymous();
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        }
    }

    /// <summary>The fair order is work-conserving (<see cref="NasBench.Web.Jobs.ExperimentDispatcher"/>): one user's six
    /// long searches on two worker processes of two cpu slots each, with the default fair share (MaxRunningPerUser 2), run
    /// four at once, two on each worker, and the other two wait; a slot that frees (a cancel) is taken by a waiting one at
    /// once. The searches cannot end while the test looks (evolution spends its whole budget); they are cancelled at the end.</summary>
    [Fact]
    public async Task OneUsersSearches_TakeEveryWorkerSlot_WithTheDefaultFairShare()
    {
        await using var lab = new MultiProcessLab(_home, workers: 2, Databases());
        await lab.StartAsync();
        using var client = await lab.Web.AdminAsync();
        var ids = new List<long>();
        try
        {
            for (int i = 0; i < 6; i++)
            {
                ids.Add(await LabApi.LaunchAsync(client, Security.FairOrderTests.LongSearch(300 + i)));
            }

            // Four slots (2 workers × NasBench__Worker__CpuWorkers 2), twice the fair share: all four run, two on each worker.
            var full = await UntilSlotsAsync(lab, ids, running: 4, held: 2);
            output.WriteLine($"six searches of one user: {Describe(full)}");
            Assert.Equal(2, full.Where(e => e.Status == ExperimentStates.Running).Select(e => e.WorkerId).Distinct().Count());

            // A slot frees: the oldest waiting one takes it, nothing stays waiting while a slot is idle.
            long cancelled = full.First(e => e.Status == ExperimentStates.Running).Id;
            Assert.True((await client.PostAsync(new Uri($"/api/experiments/{cancelled}/cancel", UriKind.Relative), null)).IsSuccessStatusCode);
            // The dispatcher's rule allows the ready set to run one ahead of the idle slots for a while (a cancel's dispatch
            // and the ended job's dispatch can count the same freed slot: ExperimentDispatcher's remarks), so the last one
            // may already be handed to Hangfire and wait there instead of being held: a clean-clone run on PostgreSQL saw it.
            var refilled = await UntilSlotsAsync(lab, ids.Where(i => i != cancelled).ToList(), running: 4, held: 1, readyMayReplaceHeld: true);
            output.WriteLine($"after cancelling #{cancelled}: {Describe(refilled)}");
            long oldestWaiting = full.Where(e => e.Status == ExperimentStates.Queued).Min(e => e.Id);
            Assert.Equal(ExperimentStates.Running, refilled.Single(e => e.Id == oldestWaiting).Status);
        }
        finally
        {
            foreach (long id in ids)
            {
                await client.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null);
            }
        }
    }

    private static string Describe(List<Experiment> experiments) =>
        string.Join("; ", experiments.Select(e => $"#{e.Id} {e.Status}{(e.JobId == NasBench.Web.Jobs.ExperimentDispatcher.Held ? " (held)" : "")} {e.WorkerId}"));

    /// <summary>Waits until <paramref name="running"/> of <paramref name="ids"/> run, <paramref name="held"/> are held and the
    /// rest none (nothing handed over and waiting for a slot); returns their rows then.</summary>
    private static Task<List<Experiment>> UntilSlotsAsync(MultiProcessLab lab, List<long> ids, int running, int held, bool readyMayReplaceHeld = false) =>
        NasBench.TestSupport.Eventually.UntilAsync(async () =>
            {
                await using var db = lab.Database();
                return await db.Experiments.AsNoTracking().Where(e => ids.Contains(e.Id)).OrderBy(e => e.Id).ToListAsync();
            },
            rows => rows.Count(e => e.Status == ExperimentStates.Running) == running
                && (readyMayReplaceHeld
                    ? rows.Count(e => e.Status == ExperimentStates.Queued) == held
                    : rows.Count(e => e.Status == ExperimentStates.Queued && e.JobId == NasBench.Web.Jobs.ExperimentDispatcher.Held) == held)
                && rows.Count == running + held,
            TimeSpan.FromMinutes(2), $"{running} running and {held} held", rows => Describe(rows) + "\n" + lab.Logs);

    /// <summary>Short searches per second through 1 web and <paramref name="workers"/> worker processes (2 Hangfire workers
    /// each) on the shared SQLite files; the workers' logs are searched for SQLite lock errors.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ShortSearches_Throughput(int workers)
    {
        await using var lab = new MultiProcessLab(_home, workers, Databases());
        await lab.StartAsync();
        using var client = await lab.Web.AdminAsync();
        var clock = Stopwatch.StartNew();
        var ids = new List<long>();
        for (int i = 0; i < 16; i++)
        {
            ids.Add(await LabApi.LaunchAsync(client, ShortSearch(200 + i)));
        }

        foreach (long id in ids)
        {
            var e = await LabApi.WaitForAsync(client, id, TimeSpan.FromSeconds(240), x => ExperimentStates.IsFinal(x.GetProperty("status").GetString()!));
            Assert.True(e.GetProperty("status").GetString() == "succeeded" && e.GetProperty("attempts").GetInt32() == 1, e + "\n" + lab.Logs);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        int locked = lab.Workers.Append(lab.Web).Sum(p => p.Log.Split('\n').Count(l => l.Contains("database is locked", StringComparison.OrdinalIgnoreCase) || l.Contains("check failed", StringComparison.Ordinal)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workers} worker(s): 16 short searches in {seconds:F1} s = {16 / seconds:F2} experiments/s; SQLite lock/heartbeat errors in the logs: {locked}"));
    }

    /// <param name="distinctHosts">false: both workers on this host (the survivor sees the process is gone at once);
    /// true: as on two hosts (the survivor waits for the stale heartbeat, NasBench:Worker:StaleSeconds = 15).</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KillTheWorkerThatTrains_TheOtherFinishes_EachEpochOnce_WithTheUninterruptedAccuracy(bool distinctHosts)
    {
        var request = Jobs.TrainingJobTests.Tiny(5);
        NasBench.Training.TrainingExperiments.Register();
        var reference = Task.Run(async () =>
        {
            var sink = new MemorySink();
            await new TrainingRunner().RunAsync(ExperimentJson.Deserialize(JsonSerializer.Serialize(request)), sink, null, CancellationToken.None);
            return sink;
        });
        string checkpoints = Path.Combine(_home, "shared-checkpoints");
        await using var lab = new MultiProcessLab(_home, workers: 2, Databases(), worker: new Dictionary<string, string> { ["NasBench__CheckpointFolder"] = checkpoints }, distinctHosts: distinctHosts);
        await lab.StartAsync();
        using var client = await lab.Web.AdminAsync();
        long id = await LabApi.LaunchAsync(client, request);
        await UntilAsync(lab, db => db.TrainingEpochs.AnyAsync(e => e.ExperimentId == id), TimeSpan.FromSeconds(120), "no epoch stored");
        LabProcess victim;
        string? victimId;
        await using (var db = lab.Database())
        {
            var e = await db.Experiments.AsNoTracking().SingleAsync(x => x.Id == id);
            victimId = e.WorkerId;
            var row = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == e.WorkerId);
            victim = lab.WorkerOf(row.Pid) ?? throw new InvalidOperationException($"no worker process with pid {row.Pid}");
        }

        victim.Kill();
        var handOver = Stopwatch.StartNew();
        int done;
        await using (var db = lab.Database())
        {
            done = await db.TrainingEpochs.CountAsync(e => e.ExperimentId == id);
        }

        string state = Path.Combine(checkpoints, id.ToString(CultureInfo.InvariantCulture), "state.json");
        output.WriteLine($"killed worker {victimId} after {done} epoch(s); checkpoint in the shared folder: {File.Exists(state)}");
        Assert.True(File.Exists(state), "no checkpoint in NasBench:CheckpointFolder");
        Assert.False(Directory.Exists(Path.Combine(_home, "checkpoints", id.ToString(CultureInfo.InvariantCulture))), "a checkpoint under the data folder");
        Assert.InRange(done, 1, 4);

        var resumed = await LabApi.WaitForAsync(client, id, TimeSpan.FromSeconds(60), e => e.GetProperty("attempts").GetInt32() == 2 && e.GetProperty("status").GetString() == "running");
        output.WriteLine($"hand-over ({(distinctHosts ? "two hosts: stale heartbeat" : "one host: process gone")}; kill -9 → running again on the other worker, attempt 2): {handOver.Elapsed.TotalSeconds:F1} s");
        Assert.True(handOver.Elapsed < TimeSpan.FromMinutes(1));
        var finished = await LabApi.WaitForAsync(client, id, TimeSpan.FromSeconds(180), e => ExperimentStates.IsFinal(e.GetProperty("status").GetString()!));
        output.WriteLine($"kill -9 → succeeded: {handOver.Elapsed.TotalSeconds:F1} s");
        Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished + "\n" + lab.Logs);
        Assert.Equal(2, finished.GetProperty("attempts").GetInt32());
        await using (var db = lab.Database())
        {
            var e = await db.Experiments.AsNoTracking().SingleAsync(x => x.Id == id);
            Assert.NotEqual(victimId, e.WorkerId);
            Assert.Equal([1, 2, 3, 4, 5], await db.TrainingEpochs.Where(x => x.ExperimentId == id).OrderBy(x => x.Epoch).Select(x => x.Epoch).ToListAsync());
            var dead = await db.Workers.AsNoTracking().SingleAsync(w => w.Id == victimId);
            Assert.NotEqual("", dead.ServerIds); // it had Hangfire servers; kill -9: they never said goodbye, their heartbeats went stale
        }

        using var result = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/experiments/{id}/files/result.json", UriKind.Relative)));
        double accuracy = result.RootElement.GetProperty("test_accuracy").GetDouble();
        var uninterrupted = await reference;
        output.WriteLine($"final test accuracy: uninterrupted {uninterrupted.Epochs[^1].TestAccuracy:R}, handed over {accuracy:R}");
        Assert.Equal(uninterrupted.Epochs[^1].TestAccuracy, accuracy);
        string epochs = await client.GetStringAsync(new Uri($"/api/experiments/{id}/files/epochs.csv", UriKind.Relative));
        Assert.Equal(Jobs.TrainingJobTests.WithoutColumn(uninterrupted.Text("epochs.csv"), "seconds"), Jobs.TrainingJobTests.WithoutColumn(epochs, "seconds"));
    }

    internal static Task UntilAsync(MultiProcessLab lab, Func<LabDbContext, Task<bool>> condition, TimeSpan timeout, string what) =>
        CrashSafetyTests.UntilAsync(lab.Database, () => lab.Logs, condition, timeout, what);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temporary folder.
        }
    }
}

/// <summary>
/// The multi-process tests on SQLite files shared by the processes of one host. They were opt-in for a while: an
/// experiment of a worker process stayed "running" in 3 of 5 full runs. The cause was Hangfire.Storage.SQLite's fetch,
/// not atomic across processes (two workers performed one job, and Hangfire aborted the first run when the second
/// one's Processing state replaced its own); <see cref="NasBench.Web.Extensions.SqliteQueueProvider"/> fixed it, and the test now
/// also checks that each job entered Processing exactly once.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class MultiProcessSqliteTests(ITestOutputHelper output) : MultiProcessTests(output)
{
    protected override IReadOnlyDictionary<string, string>? Databases() => null;
}
