using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Training.Experiments;
using NasBench.Web.Data;
using Xunit.Abstractions;

// Not "…Tests.Process": that namespace would hide System.Diagnostics.Process from every other test namespace.
namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>Child-process servers run alone: their timings must not compete with the in-process lab server. Their page
/// tests share one browser (started on first use).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChildProcessCollection : ICollectionFixture<Pages.BrowserFixture>
{
    public const string Name = "child-process servers";
}

/// <summary>
/// Crash safety of the real server process: kill -9 mid-run and a restart resume the experiment within 30 s (start-up
/// recovery, not Hangfire's 30-minute invisibility timeout), write no row twice, count the attempts and end with the
/// results of an uninterrupted run; SIGTERM re-queues the running experiment and the next start resumes it.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _home = Path.Combine(Path.GetTempPath(), "nasbench-web-process-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A search that runs for some seconds on the 30 real records (deterministic: a query budget).</summary>
    internal static object LongSearch(int seed) =>
        new { kind = "search", algorithm = "random", queries = 10_000_000, runs = 8, seed, records = LabServer.RecordsCsv };

    [Fact]
    public async Task Search_KilledMidRun_ResumesAfterRestart_WritesNoPointTwice()
    {
        await using var server = new LabProcess(_home);
        output.WriteLine($"start: {(await server.StartAsync(StartTimeout)).TotalSeconds:F1} s");
        long id;
        using (var client = await server.AdminAsync())
        {
            id = await LabApi.LaunchAsync(client, LongSearch(11));
        }

        var clock = Stopwatch.StartNew();
        await UntilAsync(server, db => db.TrajectoryPoints.AnyAsync(p => p.ExperimentId == id), TimeSpan.FromSeconds(60), "no point stored");
        await using (var db = server.Database())
        {
            var e = await db.Experiments.SingleAsync(x => x.Id == id);
            Assert.Equal(ExperimentStates.Running, e.Status);
            Assert.True(await db.SearchRuns.CountAsync(r => r.ExperimentId == id && r.Completed) < 8, "the search ended before the kill");
        }

        server.Kill();
        output.WriteLine($"killed after {clock.Elapsed.TotalSeconds:F1} s of running");
        var restarted = Stopwatch.StartNew();
        await server.StartAsync(StartTimeout);
        using var again = await server.AdminAsync();
        var resumed = await LabApi.WaitForAsync(again, id, TimeSpan.FromSeconds(30), e => e.GetProperty("attempts").GetInt32() == 2);
        output.WriteLine($"restart → resumed (attempt 2): {restarted.Elapsed.TotalSeconds:F1} s");
        var done = await LabApi.WaitForAsync(again, id, TimeSpan.FromSeconds(120), e => ExperimentStates.IsFinal(e.GetProperty("status").GetString()!));
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("attempts").GetInt32());

        // The same request run uninterrupted, the CLI's way: the stored points are its trajectory, once each.
        var cli = new MemorySink();
        using (var provider = new BenchmarkProvider())
        {
            await new SearchExperimentRunner(provider, "search", livePoints: false)
                .RunAsync(ExperimentJson.Deserialize(JsonSerializer.Serialize(LongSearch(11))), cli, null, CancellationToken.None);
        }

        string csv = await again.GetStringAsync(new Uri($"/api/experiments/{id}/files/trajectories.csv", UriKind.Relative));
        Assert.Equal(Jobs.ExperimentJobTests.WithoutWallClock(cli.Text("trajectories.csv")), Jobs.ExperimentJobTests.WithoutWallClock(csv));
        await using var check = server.Database();
        int stored = await check.TrajectoryPoints.CountAsync(p => p.ExperimentId == id);
        output.WriteLine($"points stored: {stored}");
        Assert.Equal(cli.Text("trajectories.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, stored);
    }

    [Fact]
    public async Task Training_KilledThenTerminated_ResumesFromItsCheckpoint_WithTheUninterruptedAccuracy()
    {
        var request = Jobs.TrainingJobTests.Tiny(5);
        NasBench.Training.TrainingExperiments.Register();
        // The uninterrupted run of the same request at 1 thread, here, while the server works.
        var reference = Task.Run(async () =>
        {
            var sink = new MemorySink();
            await new TrainingRunner().RunAsync(ExperimentJson.Deserialize(JsonSerializer.Serialize(request)), sink, null, CancellationToken.None);
            return sink;
        });
        await using var server = new LabProcess(_home);
        await server.StartAsync(StartTimeout);
        long killed;
        using (var client = await server.AdminAsync())
        {
            killed = await LabApi.LaunchAsync(client, request);
        }

        // kill -9 once an epoch is stored (and checkpointed).
        await UntilAsync(server, db => db.TrainingEpochs.AnyAsync(e => e.ExperimentId == killed), TimeSpan.FromSeconds(90), "no epoch stored");
        server.Kill();
        int done = await EpochsAsync(server, killed);
        output.WriteLine($"killed after {done} epoch(s); checkpoint: {CheckpointEpochs(server, killed)} epoch(s)");
        Assert.InRange(done, 1, 4);
        Assert.True(CheckpointEpochs(server, killed) >= 1, "no epoch checkpoint on disk");

        var restarted = Stopwatch.StartNew();
        await server.StartAsync(StartTimeout);
        using var second = await server.AdminAsync();
        await LabApi.WaitForAsync(second, killed, TimeSpan.FromSeconds(30), e => e.GetProperty("attempts").GetInt32() == 2);
        output.WriteLine($"restart → resumed (attempt 2): {restarted.Elapsed.TotalSeconds:F1} s");
        double afterKill = await FinishedAsync(server, second, killed);

        // SIGTERM during a second training of the same request: re-queued, then resumed by the next start.
        long terminated = await LabApi.LaunchAsync(second, request);
        await UntilAsync(server, db => db.TrainingEpochs.AnyAsync(e => e.ExperimentId == terminated), TimeSpan.FromSeconds(90), "no epoch stored");
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(30)));
        output.WriteLine($"SIGTERM after {await EpochsAsync(server, terminated)} epoch(s) → exit 0 in {clock.Elapsed.TotalSeconds:F1} s");
        await using (var db = server.Database())
        {
            Assert.Equal(ExperimentStates.Queued, (await db.Experiments.SingleAsync(e => e.Id == terminated)).Status);
        }

        await server.StartAsync(StartTimeout);
        using var third = await server.AdminAsync();
        double afterTerm = await FinishedAsync(server, third, terminated);

        var uninterrupted = await reference;
        double expected = uninterrupted.Epochs[^1].TestAccuracy;
        output.WriteLine($"final test accuracy: uninterrupted {expected:R}, killed {afterKill:R}, terminated {afterTerm:R}");
        Assert.Equal(expected, afterKill);
        Assert.Equal(expected, afterTerm);
        string epochs = await third.GetStringAsync(new Uri($"/api/experiments/{killed}/files/epochs.csv", UriKind.Relative));
        Assert.Equal(Jobs.TrainingJobTests.WithoutColumn(uninterrupted.Text("epochs.csv"), "seconds"), Jobs.TrainingJobTests.WithoutColumn(epochs, "seconds"));
    }

    /// <summary>Waits for success with 2 attempts and each of the 5 epochs stored once; the final test accuracy.</summary>
    private static async Task<double> FinishedAsync(LabProcess server, HttpClient client, long id)
    {
        var done = await LabApi.WaitForAsync(client, id, TimeSpan.FromSeconds(120), e => ExperimentStates.IsFinal(e.GetProperty("status").GetString()!));
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal(2, done.GetProperty("attempts").GetInt32());
        await using var db = server.Database();
        Assert.Equal([1, 2, 3, 4, 5], await db.TrainingEpochs.Where(e => e.ExperimentId == id).OrderBy(e => e.Epoch).Select(e => e.Epoch).ToListAsync());
        using var result = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/experiments/{id}/files/result.json", UriKind.Relative)));
        return result.RootElement.GetProperty("test_accuracy").GetDouble();
    }

    private static async Task<int> EpochsAsync(LabProcess server, long id)
    {
        await using var db = server.Database();
        return await db.TrainingEpochs.CountAsync(e => e.ExperimentId == id);
    }

    /// <summary>Epochs done in the training's checkpoint (the trainer's state.json), 0 without one.</summary>
    private static int CheckpointEpochs(LabProcess server, long id)
    {
        string state = Path.Combine(server.Home, "checkpoints", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "state.json");
        return File.Exists(state) ? JsonDocument.Parse(File.ReadAllText(state)).RootElement.GetProperty("EpochsDone").GetInt32() : 0;
    }

    public void Dispose()
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

    internal static Task UntilAsync(LabProcess server, Func<LabDbContext, Task<bool>> condition, TimeSpan timeout, string what) =>
        UntilAsync(server.Database, () => server.Log, condition, timeout, what);

    /// <summary>Polls the lab database (opened by <paramref name="open"/>) until <paramref name="condition"/> holds; fails
    /// with <paramref name="what"/> and the processes' logs after <paramref name="timeout"/>.</summary>
    internal static async Task UntilAsync(Func<LabDbContext> open, Func<string> logs, Func<LabDbContext, Task<bool>> condition, TimeSpan timeout, string what)
    {
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    await using var db = open();
                    return await condition(db);
                },
                timeout, what);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message}:\n{logs()}");
        }
    }
}
