using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.Experiments;
using NasBench.Web.Data;
using Xunit.Abstractions;

// Not "…Tests.Process": that namespace would hide System.Diagnostics.Process from every other test namespace.
namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>
/// Crash safety of the benchmark setup experiment in the real server process, as <see cref="CrashSafetyTests"/> does it
/// for searches and trainings: kill -9 in the middle of a download, restart, and start-up recovery re-queues the
/// experiment, whose second attempt resumes the download where the .part file ends (a Range request) and imports it.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class BenchmarkCrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _home = Path.Combine(Path.GetTempPath(), "nasbench-web-process-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Download_KilledMidway_ResumesAfterRestart_AndTheStoreBecomesTheLabsBenchmark()
    {
        await using var server = new LabProcess(_home);
        // A SYNTHETIC file in the official format, served from here; the first response stalls after 512 KiB, so the
        // download is surely running when the server is killed.
        string source = Path.Combine(_home, "served.tfrecord");
        SyntheticBenchmark.Write(source, BenchmarkProvider.SharedSpace(Path.Combine(_home, "cells.nbindex")), new SyntheticBenchmarkOptions(3000, AllEpochs: false, Seed: 7));
        byte[] content = File.ReadAllBytes(source);
        File.Delete(source);
        string sha = Convert.ToHexStringLower(SHA256.HashData(content));
        using var http = new LoopbackHttpServer(content, stallFirstResponseAfter: 512 * 1024);
        string part = Path.Combine(_home, "nasbench_test.tfrecord.part");

        await server.StartAsync(StartTimeout);
        long id;
        using (var client = await server.AdminAsync())
        {
            id = await LabApi.LaunchAsync(client, new { kind = "benchmark", action = "download", url = http.Url.ToString(), sha256 = sha });
            await Eventually.UntilAsync(() => Task.FromResult(File.Exists(part) && new FileInfo(part).Length > 0), TimeSpan.FromSeconds(60), "no bytes downloaded");
        }

        long before = new FileInfo(part).Length;
        server.Kill();
        output.WriteLine($"killed with {before:N0} of {content.Length:N0} bytes in the .part file");
        http.Release(); // the stalled response ends (its client is gone); the next request is served

        var restarted = Stopwatch.StartNew();
        await server.StartAsync(StartTimeout);
        using var again = await server.AdminAsync();
        var done = await LabApi.WaitForAsync(again, id, TimeSpan.FromSeconds(60), e => ExperimentStates.IsFinal(e.GetProperty("status").GetString()!));
        output.WriteLine($"restart → {done.GetProperty("status").GetString()}: {restarted.Elapsed.TotalSeconds:F1} s; requests: {string.Join(" | ", http.Ranges)}");
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString() + "\n" + server.Log);
        Assert.Equal(2, done.GetProperty("attempts").GetInt32());
        // The second attempt asked for the rest only: the download resumed, it did not start over.
        Assert.Equal(2, http.Ranges.Count);
        Assert.Equal("", http.Ranges[0]);
        Assert.StartsWith("bytes=", http.Ranges[1]);
        Assert.InRange(long.Parse(http.Ranges[1]["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture), 1, content.Length - 1);

        var benchmark = await again.GetFromJsonAsync<JsonElement>("/api/benchmark");
        Assert.Equal((true, 3000, true, sha), (benchmark.GetProperty("available").GetBoolean(), benchmark.GetProperty("cells").GetInt32(),
            benchmark.GetProperty("synthetic").GetBoolean(), benchmark.GetProperty("sha256").GetString()));
        Assert.False(File.Exists(part));
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
}
