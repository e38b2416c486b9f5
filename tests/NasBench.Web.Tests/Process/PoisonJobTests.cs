using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>The poison-job rule on a real server process: a run whose worker dies twice (kill -9, as the kernel's
/// out-of-memory killer does) is marked failed with the reason at the next start instead of taking the worker down a
/// third time (issue 17: an oversized training resumed at start-up and killed the server again, a restart loop).</summary>
[Collection(ChildProcessCollection.Name)]
public sealed class PoisonJobTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _home = Path.Combine(Path.GetTempPath(), "nasbench-web-poison-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task ARunThatKillsItsWorkerTwice_IsFailedWithTheReason_NotStartedAThirdTime()
    {
        await using var server = new LabProcess(_home, new Dictionary<string, string> { ["NasBench__Worker__CpuWorkers"] = "1" });
        await server.StartAsync(StartTimeout);
        long id;
        using (var client = await server.AdminAsync())
        {
            id = await LabApi.LaunchAsync(client, CrashSafetyTests.LongSearch(31));
        }

        for (int attempt = 1; attempt <= 2; attempt++)
        {
            await UntilAsync(server, db => db.Experiments.AnyAsync(e => e.Id == id && e.Status == ExperimentStates.Running && e.Attempts == attempt),
                TimeSpan.FromSeconds(60), $"attempt {attempt} did not start");
            server.Kill();
            output.WriteLine($"attempt {attempt} running: kill -9");
            await server.StartAsync(StartTimeout);
        }

        var clock = Stopwatch.StartNew();
        using var admin = await server.AdminAsync();
        var e = await LabApi.WaitForAsync(admin, id, TimeSpan.FromSeconds(60), e => ExperimentStates.IsFinal(e.GetProperty("status").GetString()!), "ending");

        output.WriteLine($"after the second restart ({clock.Elapsed.TotalSeconds:F1} s): {e.GetProperty("status").GetString()}, attempts {e.GetProperty("attempts").GetInt32()}: {e.GetProperty("error").GetString()}");
        Assert.Equal("failed", e.GetProperty("status").GetString());
        Assert.Equal(2, e.GetProperty("attempts").GetInt32());
        Assert.Contains("poison-job rule", e.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("NasBench:Limits:MaxAttempts", e.GetProperty("error").GetString(), StringComparison.Ordinal);
        // The worker is up and takes other work.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Anonymous().GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp folders.
        }
    }

    private static Task<bool> UntilAsync(LabProcess server, Func<LabDbContext, Task<bool>> condition, TimeSpan timeout, string what) =>
        Eventually.UntilAsync(
            async () =>
            {
                await using var db = server.Database();
                return await condition(db);
            },
            held => held, timeout, what, _ => server.Log[^Math.Min(4000, server.Log.Length)..]);
}
