using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Core;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.Experiments;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Jobs;

/// <summary>The lab's benchmark setup as an experiment (kind <c>benchmark</c>, the cpu queue): an import through the API
/// makes the lab's benchmark, the path policy and the roles hold, and a cancel stops a download at once with nothing
/// half-written.</summary>
[Collection(LabCollection.Name)]
public sealed class BenchmarkImportJobTests(LabServer lab, ITestOutputHelper output)
{
    [Fact]
    public async Task Import_OfTheRealRecordsInTheOfficialFormat_BecomesTheLabsBenchmark_WithProgressAndAudit()
    {
        // The 30 real 108-epoch cells as a tfrecord file in the official format (what `nasbench data from-csv` writes).
        var space = lab.Services.GetRequiredService<BenchmarkProvider>().Space();
        string file = Path.Combine(lab.Home, "real30.tfrecord");
        BenchmarkExport.WriteTfRecord(InMemoryBenchmarkData.FromRecordsCsv(space, LabServer.RecordsCsv), file);
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        string store = NasBenchPaths.ResolveStore(null);
        using var client = lab.With(lab.MemberToken);
        try
        {
            long id = await LabApi.LaunchAsync(client, new { kind = "benchmark", action = "import", file });
            var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(60), "succeeded", "failed", "cancelled");
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
            Assert.Equal(("cpu", 1.0), (done.GetProperty("queue").GetString(), done.GetProperty("progress").GetDouble()));
            Assert.Equal($"nasbench data setup --action import --file {file}", done.GetProperty("commandLine").GetString());
            Assert.StartsWith($"Imported into {store}: real NAS-Bench-101 data: 30 cells", done.GetProperty("notes")[0].GetString());
            Assert.Equal((sha, false), (done.GetProperty("benchmark").GetProperty("sha256").GetString(), done.GetProperty("benchmark").GetProperty("synthetic").GetBoolean()));

            var benchmark = await client.GetFromJsonAsync<JsonElement>("/api/benchmark");
            Assert.Equal((true, 30, false, sha), (benchmark.GetProperty("available").GetBoolean(), benchmark.GetProperty("cells").GetInt32(),
                benchmark.GetProperty("synthetic").GetBoolean(), benchmark.GetProperty("sha256").GetString()));
            Assert.Contains($"\"sha256\": \"{sha}\"", await client.GetStringAsync(new Uri($"/api/experiments/{id}/files/store.json", UriKind.Relative)));
            var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
            Assert.Equal(sha, await LabBenchmark.RecordedAsync(contexts));
            await using var db = await contexts.CreateDbContextAsync();
            Assert.True(await db.Audit().AnyAsync(a => a.ExperimentId == id && a.Action == "launched" && a.User == LabServer.MemberEmail));

            // The new store is the lab's benchmark at once: a study on the default store runs on it.
            long study = await LabApi.LaunchAsync(client, new { kind = "distance", pairs = 50 });
            var distance = await lab.WaitForAsync(client, study, TimeSpan.FromSeconds(60), "succeeded", "failed");
            Assert.True(distance.GetProperty("benchmark").GetProperty("sha256").GetString() == sha, distance.ToString());
        }
        finally
        {
            // The other tests expect no default store (the API's "none yet" answer).
            File.Delete(store);
            lab.Services.GetRequiredService<BenchmarkProvider>().Forget(BenchmarkSource.Default);
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Launch_PathOutsideTheAllowedFolders_Is400NamingThePolicy_AndAViewerMayNotLaunch()
    {
        using var member = lab.With(lab.MemberToken);
        var response = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json("""{"kind":"benchmark","action":"import","file":"/etc/passwd"}"""));
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("--file must be a file under", body);
        Assert.DoesNotContain("   at ", body);

        using var viewer = lab.With(lab.ViewerToken);
        var refused = await viewer.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json("""{"kind":"benchmark","action":"demo"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Cancel_DuringADownload_StopsWithinSeconds_NoStore_ThePartFileKeptForTheNextTry()
    {
        // A SYNTHETIC file in the official format, served by a local server that stalls after 256 KiB: the download is
        // running, for as long as the test wants, when the cancel comes.
        string source = Path.Combine(lab.Home, "served.tfrecord");
        SyntheticBenchmark.Write(source, lab.Services.GetRequiredService<BenchmarkProvider>().Space(), new SyntheticBenchmarkOptions(3000, AllEpochs: false, Seed: 5));
        byte[] content = File.ReadAllBytes(source);
        File.Delete(source);
        using var server = new LoopbackHttpServer(content, stallFirstResponseAfter: 256 * 1024);
        string part = Path.Combine(lab.Home, "nasbench_test.tfrecord.part");
        using var client = lab.With(lab.MemberToken);
        try
        {
            long id = await LabApi.LaunchAsync(client, new { kind = "benchmark", action = "download", url = server.Url.ToString(), sha256 = Convert.ToHexStringLower(SHA256.HashData(content)) });
            await LabApi.WaitForAsync(client, id, TimeSpan.FromSeconds(60), e => e.GetProperty("status").GetString() == "running" && server.Ranges.Count == 1, "downloading");
            var clock = Stopwatch.StartNew();
            (await client.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null)).EnsureSuccessStatusCode();
            var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(30), "cancelled", "failed", "succeeded");
            output.WriteLine($"cancel → cancelled: {clock.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Equal("cancelled", done.GetProperty("status").GetString());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the cancel took {clock.Elapsed}");
            Assert.False(File.Exists(NasBenchPaths.ResolveStore(null)));
            Assert.True(File.Exists(part), "the .part file was not kept");
            Assert.False(File.Exists(Path.Combine(lab.Home, "nasbench_test.tfrecord")));
        }
        finally
        {
            server.Release();
            File.Delete(part);
        }
    }
}
