using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Figures;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Jobs;

/// <summary>Experiments as Hangfire jobs on the real SQLite storage: launch to succeeded with the CLI's files, cancel,
/// Hangfire's own token on this storage, and start-up recovery that writes no row twice.</summary>
[Collection(LabCollection.Name)]
public class ExperimentJobTests(LabServer lab, ITestOutputHelper output)
{
    private string SearchBody(int runs, long queries) =>
        JsonSerializer.Serialize(new { kind = "search", algorithm = "evolution", queries, runs, seed = 3, population = 10, tournament = 3, records = LabServer.RecordsCsv });

    [Fact]
    public async Task Search_OnTheRealRecords_Succeeds_WithTheCliFiles()
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(SearchBody(3, 200)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(90), "succeeded", "failed");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        var latency = done.GetProperty("startedAt").GetDateTimeOffset() - done.GetProperty("createdAt").GetDateTimeOffset();
        output.WriteLine($"enqueue → running: {latency.TotalMilliseconds:F0} ms");
        Assert.True(latency < TimeSpan.FromSeconds(5), $"enqueue → running took {latency}");

        var files = (await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/files")).EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Contains("trajectories.csv", files);

        // The CLI's run of the same request (same runner, FolderSink, renderer) writes the same files with the same bytes,
        // wall-clock columns aside.
        string cliFolder = Path.Combine(lab.Home, "cli-" + id);
        using (var provider = new BenchmarkProvider())
        {
            var request = ExperimentJson.Deserialize(SearchBody(3, 200));
            await new SearchExperimentRunner(provider, "search", livePoints: false).RunAsync(request, new FolderSink(cliFolder, new ScottPlotRenderer()), null, CancellationToken.None);
        }

        Assert.Equal(Directory.GetFiles(cliFolder).Select(Path.GetFileName).Order(), files.Order());
        string web = await client.GetStringAsync(new Uri($"/api/experiments/{id}/files/trajectories.csv", UriKind.Relative));
        Assert.Equal(WithoutWallClock(File.ReadAllText(Path.Combine(cliFolder, "trajectories.csv"))), WithoutWallClock(web));

        await using var db = await lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync();
        Assert.Equal(3, await db.SearchRuns.CountAsync(r => r.ExperimentId == id && r.Completed));
        // The chart's rows are the file's: one stored point per line of trajectories.csv.
        Assert.Equal(File.ReadAllLines(Path.Combine(cliFolder, "trajectories.csv")).Count(l => l.Length > 0) - 1, await db.TrajectoryPoints.CountAsync(p => p.ExperimentId == id));
    }

    [Fact]
    public async Task Cancel_ALongSearch_EndsCancelled()
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(
            JsonSerializer.Serialize(new { kind = "search", algorithm = "random", queries = 2_000_000_000L, runs = 4, records = LabServer.RecordsCsv })));
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(60), "running");
        await lab.WaitForSearchingAsync(client, id, TimeSpan.FromSeconds(60)); // the cancel stops runs under way, not a start
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null)).StatusCode);
        var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(30), "cancelled", "succeeded", "failed");
        output.WriteLine($"cancel → cancelled: {clock.ElapsedMilliseconds} ms");
        Assert.Equal("cancelled", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("partial").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null)).StatusCode);
        using var viewer = lab.With(lab.ViewerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task HangfireToken_Fires_WhenTheJobIsDeleted_OnSqliteStorage()
    {
        var jobs = lab.Services.GetRequiredService<IBackgroundJobClient>();
        string key = Guid.NewGuid().ToString("N");
        string job = jobs.Create(Job.FromExpression(() => TokenProbe.WaitAsync(key, CancellationToken.None)), new EnqueuedState("cpu"));
        Assert.True(await Within(TokenProbe.Started(key), TimeSpan.FromSeconds(30)), "the probe job did not start");
        var clock = Stopwatch.StartNew();
        jobs.Delete(job);
        bool fired = await Within(TokenProbe.Cancelled(key), TimeSpan.FromSeconds(20));
        output.WriteLine($"Hangfire token after delete: {clock.ElapsedMilliseconds} ms");
        Assert.True(fired, "Hangfire's CancellationToken did not fire within 20 s of deleting the job");
    }

    private async Task<(long Id, string JobId)> LaunchEndlessSearchAsync(HttpClient client)
    {
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(
            JsonSerializer.Serialize(new { kind = "search", algorithm = "random", queries = 2_000_000_000L, runs = 4, records = LabServer.RecordsCsv })));
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(60), "running");
        await using var db = await lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync();
        return (id, (await db.Experiments.AsNoTracking().SingleAsync(e => e.Id == id)).JobId!);
    }

    /// <summary>An admin deletes a running experiment's job in the Hangfire dashboard: Hangfire aborts the run, and the
    /// experiment ends cancelled, saying why (it stayed "running" for good before, with nothing running it).</summary>
    [Fact]
    public async Task DeletingTheRunningJob_InTheDashboard_CancelsTheExperiment()
    {
        using var client = lab.With(lab.MemberToken);
        var (id, job) = await LaunchEndlessSearchAsync(client);
        var clock = Stopwatch.StartNew();
        Assert.True(lab.Services.GetRequiredService<IBackgroundJobClient>().Delete(job));
        var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(30), "cancelled", "succeeded", "failed");
        output.WriteLine($"job deleted → experiment cancelled: {clock.ElapsedMilliseconds} ms");
        Assert.Equal("cancelled", done.GetProperty("status").GetString());
        await using var db = await lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync();
        var row = await db.Experiments.AsNoTracking().SingleAsync(e => e.Id == id);
        Assert.Equal($"Its Hangfire job {job} was deleted in the dashboard.", row.Error);
        Assert.Equal(1, row.Attempts);
    }

    /// <summary>Hangfire aborts a running job whose state changes under it (here: re-queued in the dashboard; across
    /// processes: a second fetch of the same job). The experiment goes back on its queue under a new job and runs again
    /// (attempt 2) instead of staying "running" with nothing running it.</summary>
    [Fact]
    public async Task AJobAbortedByHangfire_IsRequeued_AndRunsAgain()
    {
        using var client = lab.With(lab.MemberToken);
        var (id, job) = await LaunchEndlessSearchAsync(client);
        var clock = Stopwatch.StartNew();
        Assert.True(lab.Services.GetRequiredService<IBackgroundJobClient>().Requeue(job));
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        var row = await Eventually.UntilAsync(
            async () =>
            {
                await using var db = await contexts.CreateDbContextAsync();
                return await db.Experiments.AsNoTracking().SingleAsync(e => e.Id == id);
            },
            e => (e.Attempts == 2 && e.Status == ExperimentStates.Running) || ExperimentStates.IsFinal(e.Status), TimeSpan.FromSeconds(30),
            $"experiment {id} running again after its job was re-queued", e => $"{e.Status}, attempts {e.Attempts}");

        output.WriteLine($"job re-queued in the dashboard → experiment running again: {clock.ElapsedMilliseconds} ms, job {job} → {row.JobId}, attempts {row.Attempts}");
        Assert.Equal(ExperimentStates.Running, row.Status);
        Assert.Equal(2, row.Attempts);
        Assert.Equal(lab.Services.GetRequiredService<WorkerIdentity>().Id, row.WorkerId);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null)).StatusCode);
        Assert.Equal("cancelled", (await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(30), "cancelled", "succeeded", "failed")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Recovery_RequeuesAnInterruptedExperiment_AndWritesNoRowTwice()
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(SearchBody(2, 300)));
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(90), "succeeded");
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        int points;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            points = await db.TrajectoryPoints.CountAsync(p => p.ExperimentId == id);
            // What kill -9 leaves: the row says running, on a worker whose process is gone.
            await db.Experiments.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, ExperimentStates.Running).SetProperty(e => e.Worker, $"{Environment.MachineName}:{int.MaxValue}:dead")
                .SetProperty(e => e.WorkerId, $"{Environment.MachineName}:{int.MaxValue}:dead"));
        }

        var clock = Stopwatch.StartNew();
        // The lab's own worker also runs this recovery after each heartbeat, so either call may be the one that re-queues
        // it (ExperimentLease lets only one): this call re-queues it or finds it already re-queued (a CI run on PostgreSQL
        // saw 0 here). Attempts 2 below shows it was re-queued exactly once.
        Assert.InRange(await lab.Services.GetRequiredService<ExperimentRecovery>().RecoverAsync(lostJobs: true, CancellationToken.None), 0, 1);
        var again = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(60), "succeeded", "failed");
        output.WriteLine($"recovery → succeeded again: {clock.ElapsedMilliseconds} ms");
        Assert.Equal("succeeded", again.GetProperty("status").GetString());
        Assert.Equal(2, again.GetProperty("attempts").GetInt32());
        await using var check = await contexts.CreateDbContextAsync();
        Assert.Equal(points, await check.TrajectoryPoints.CountAsync(p => p.ExperimentId == id));
    }

    /// <summary>Hand-over by the clock: an experiment left running by a worker on another host goes back on its queue
    /// once the Hangfire heartbeat of that worker's server is older than the stale time (15 s) — on a fake clock started
    /// at that heartbeat and advanced past it, not waited for. The server is announced in the lab's own jobs storage
    /// (as another host's worker would); the lab's own recovery, on the real clock, would find it stale only 15 s later.</summary>
    [Fact]
    public async Task Recovery_RequeuesTheExperimentOfAWorkerWhoseHeartbeatWentStale_OnTheInjectedClock()
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(SearchBody(1, 100)));
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(90), "succeeded");
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        string worker = "elsewhere:1:" + Guid.NewGuid().ToString("N")[..8];
        string server = "elsewhere-cpu:1:" + Guid.NewGuid().ToString("N");
        var storage = lab.Services.GetRequiredService<Hangfire.JobStorage>();
        using (var connection = storage.GetConnection())
        {
            connection.AnnounceServer(server, new Hangfire.Server.ServerContext { Queues = ["cpu"], WorkerCount = 1 });
        }

        var beat = new DateTimeOffset(DateTime.SpecifyKind(storage.GetMonitoringApi().Servers().Single(s => s.Name == server).Heartbeat!.Value, DateTimeKind.Utc));
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Workers.Add(new LabWorker { Id = worker, Host = "elsewhere", Pid = 1, StartedAt = beat, ServerIds = server });
            await db.SaveChangesAsync();
            await db.Experiments.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, ExperimentStates.Running).SetProperty(e => e.WorkerId, worker).SetProperty(e => e.Worker, worker));
        }

        try
        {
            var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(beat);
            var liveness = ActivatorUtilities.CreateInstance<WorkerLiveness>(lab.Services, (TimeProvider)clock);
            var recovery = ActivatorUtilities.CreateInstance<ExperimentRecovery>(lab.Services, liveness);
            clock.Advance(TimeSpan.FromSeconds(14));
            await recovery.RecoverAsync(lostJobs: false, CancellationToken.None);
            await using (var db = await contexts.CreateDbContextAsync())
            {
                var row = await db.Experiments.AsNoTracking().SingleAsync(e => e.Id == id);
                Assert.Equal((ExperimentStates.Running, worker), (row.Status, row.WorkerId)); // 14 s: still its worker's
            }

            clock.Advance(TimeSpan.FromSeconds(2));
            Assert.True(await recovery.RecoverAsync(lostJobs: false, CancellationToken.None) >= 1, "16 s after its last heartbeat the worker is gone");
            var again = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(60), "succeeded", "failed");
            Assert.Equal("succeeded", again.GetProperty("status").GetString());
            Assert.Equal(2, again.GetProperty("attempts").GetInt32());
        }
        finally
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Workers.Where(w => w.Id == worker).ExecuteDeleteAsync();
            using var connection = lab.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
            connection.RemoveServer(server);
        }
    }

    private static async Task<bool> Within(Task task, TimeSpan timeout) => await Task.WhenAny(task, Task.Delay(timeout)) == task;

    internal static string WithoutWallClock(string csv)
    {
        var lines = csv.Split('\n');
        int column = Array.IndexOf(lines[0].Split(','), "wallclock_seconds");
        return string.Join('\n', lines.Select(l => column < 0 || l.Length == 0 ? l : string.Join(',', l.Split(',').Where((_, i) => i != column))));
    }
}

/// <summary>A Hangfire job that waits for its CancellationToken (the probe of Hangfire's cancellation on this storage).</summary>
public static class TokenProbe
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (TaskCompletionSource Started, TaskCompletionSource Cancelled)> Probes = new();

    public static Task Started(string key) => Of(key).Started.Task;

    public static Task Cancelled(string key) => Of(key).Cancelled.Task;

    public static async Task WaitAsync(string key, CancellationToken cancellationToken)
    {
        Of(key).Started.TrySetResult();
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(2), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Of(key).Cancelled.TrySetResult();
        }
    }

    private static (TaskCompletionSource Started, TaskCompletionSource Cancelled) Of(string key) =>
        Probes.GetOrAdd(key, _ => (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
}
