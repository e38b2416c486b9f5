using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NasBench.Web.Account;
using NasBench.Web.Data;
using NasBench.Web.Tests.Results;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Security;

/// <summary>Limits checked before any work starts (NasBench:Limits): a search's queries × runs, a training's memory, one
/// user's active experiments, uploads, exports; a training for a queue no worker serves says so.</summary>
[Collection(LabCollection.Name)]
public class LimitsTests(LabServer lab, ITestOutputHelper output)
{
    private LabLimitsOptions Limits => lab.Services.GetRequiredService<IOptions<LabLimitsOptions>>().Value;

    [Fact]
    public async Task AHundredYearSearch_IsRefused_NamingQueriesAndRuns()
    {
        using var member = lab.With(lab.MemberToken);
        var response = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative),
            LabExperiments.Json("""{"kind":"search","queries":1000000000000,"runs":10000,"synthetic":true}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("NasBench:Limits:MaxSearchQueries", errors.GetProperty("queries")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("NasBench:Limits:MaxSearchRuns", errors.GetProperty("runs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOversizedTraining_IsRefusedBeforeAnyTensor_AndTheServerDoesNotGrow()
    {
        var body = Jobs.TrainingJobTests.Tiny(1, trainImages: 4096);
        body["stemChannels"] = 512;
        body["cellsPerStack"] = 3;
        body["batchSize"] = 2048;
        using var member = lab.With(lab.MemberToken);
        long before = WorkingSet();
        var clock = Stopwatch.StartNew();
        var response = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json(JsonSerializer.Serialize(body)));
        long after = WorkingSet();
        string text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"stem 512, batch 2048: {(int)response.StatusCode} in {clock.ElapsedMilliseconds} ms; server working set {before >> 20} MB before, {after >> 20} MB after; {text}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("NasBench:Limits:TrainingMemoryBytes", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("batchSize")[0].GetString(), StringComparison.Ordinal);
        Assert.True(after - before < 200L << 20);
        // The table's own network (stem 128, batch 256) fits the default 16 GiB.
        body["stemChannels"] = 128;
        body["batchSize"] = 256;
        body["queue"] = "gpu-nowhere-0";
        var table = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json(JsonSerializer.Serialize(body)));
        Assert.Equal(HttpStatusCode.Accepted, table.StatusCode);
        long id = (await table.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await member.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null);
    }

    [Fact]
    public async Task ATrainingForAQueueNoWorkerServes_SaysSo()
    {
        var body = Jobs.TrainingJobTests.Tiny(1);
        body["queue"] = "gpu-nowhere-0";
        using var member = lab.With(lab.MemberToken);
        var response = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json(JsonSerializer.Serialize(body)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        try
        {
            var e = await member.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
            Assert.Contains("no live worker listens to queue 'gpu-nowhere-0'", e.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains("no live worker listens", WebUtility.HtmlDecode(await member.GetStringAsync(new Uri($"/experiments/{id}", UriKind.Relative))), StringComparison.Ordinal);
        }
        finally
        {
            await member.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null);
        }
    }

    [Fact]
    public async Task AUserWithTooManyQueuedExperiments_Gets429_NamingTheLimit()
    {
        var (email, id) = await SecurityUsers.CreateAsync(lab, "member", "busy");
        using var client = lab.With(await SecurityUsers.TokenAsync(lab, email));
        using (var scope = lab.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            for (int i = 0; i < Limits.MaxQueuedPerUser; i++)
            {
                db.Experiments.Add(new Experiment { Kind = "search", Name = $"waiting {i}", OwnerId = id, Owner = email, RequestJson = "{}", CommandLine = "nasbench search", Queue = "nowhere", CreatedAt = DateTimeOffset.UtcNow });
            }

            await db.SaveChangesAsync();
        }

        try
        {
            var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json("""{"kind":"search","queries":10,"runs":1,"synthetic":true}"""));
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            string problem = await response.Content.ReadAsStringAsync();
            output.WriteLine($"launch number {Limits.MaxQueuedPerUser + 1} while {Limits.MaxQueuedPerUser} wait: {(int)response.StatusCode} {problem}");
            Assert.Contains("NasBench:Limits:MaxQueuedPerUser", problem, StringComparison.Ordinal);
            Assert.Contains($"at most {Limits.MaxQueuedPerUser} waiting", problem, StringComparison.Ordinal);
        }
        finally
        {
            using var scope = lab.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<LabDbContext>().Experiments.Where(e => e.OwnerId == id && e.Queue == "nowhere")
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExperimentStates.Cancelled));
        }
    }

    [Fact]
    public async Task ExportDeduplicatesIds_AndCapsTheirNumber()
    {
        long e = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 1, queries: 20);
        using var member = lab.With(lab.MemberToken);
        string ids = string.Join(',', Enumerable.Repeat(e, 1000));
        var response = await member.GetAsync(new Uri($"/api/experiments/export?ids={ids}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var docs = await response.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine($"export of the same id 1000 times: {docs.GetArrayLength()} document(s), {response.Content.Headers.ContentLength ?? (await response.Content.ReadAsByteArrayAsync()).Length} bytes");
        Assert.Equal(1, docs.GetArrayLength());
        string many = string.Join(',', Enumerable.Range(1, Limits.MaxExportExperiments + 1));
        Assert.Equal(HttpStatusCode.BadRequest, (await member.GetAsync(new Uri($"/api/experiments/export?ids={many}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Uploads_StopAtTheUsersQuota()
    {
        var (email, _) = await SecurityUsers.CreateAsync(lab, "member", "upl");
        using var client = lab.With(await SecurityUsers.TokenAsync(lab, email));
        long quota = Limits.UploadQuotaBytes;
        Limits.UploadQuotaBytes = 1000;
        try
        {
            var first = await client.PostAsync(new Uri("/api/uploads", UriKind.Relative), Csv(600));
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            var second = await client.PostAsync(new Uri("/api/uploads", UriKind.Relative), Csv(600));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, second.StatusCode);
            Assert.Contains("NasBench:Limits:UploadQuotaBytes", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            Limits.UploadQuotaBytes = quota;
        }
    }

    [Fact]
    public async Task RunningExperiments_DoNotCountAsQueued()
    {
        var (email, id) = await SecurityUsers.CreateAsync(lab, "member", "runs");
        using var client = lab.With(await SecurityUsers.TokenAsync(lab, email));
        using (var scope = lab.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            for (int i = 0; i < Limits.MaxQueuedPerUser; i++)
            {
                db.Experiments.Add(new Experiment { Kind = "search", Name = $"running {i}", OwnerId = id, Owner = email, RequestJson = "{}", CommandLine = "nasbench search", Queue = "nowhere", Status = ExperimentStates.Running, CreatedAt = DateTimeOffset.UtcNow, WorkerId = "nowhere" });
            }

            await db.SaveChangesAsync();
        }

        long launched = 0;
        try
        {
            // The two limits are separate: as many running as MaxQueuedPerUser do not stop a launch (it waits its turn).
            var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json("""{"kind":"search","queries":10,"runs":1,"synthetic":true}"""));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            launched = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }
        finally
        {
            using var scope = lab.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<LabDbContext>().Experiments.Where(e => e.OwnerId == id && e.Queue == "nowhere")
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExperimentStates.Cancelled));
            if (launched != 0)
            {
                await client.PostAsync(new Uri($"/api/experiments/{launched}/cancel", UriKind.Relative), null);
            }
        }
    }

    [Fact]
    public async Task Export_IsCappedByBytes_With413NamingTheSetting()
    {
        long e = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 1, queries: 20);
        using var member = lab.With(lab.MemberToken);
        var whole = await member.GetAsync(new Uri($"/api/experiments/{e}/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        long size = (await whole.Content.ReadAsByteArrayAsync()).Length; // one document; a selection of it is 2 bytes more ([…])
        long cap = Limits.MaxExportBytes;
        Limits.MaxExportBytes = size - 1;
        try
        {
            foreach (string path in new[] { $"/api/experiments/export?ids={e}", $"/api/experiments/{e}/export" })
            {
                var response = await member.GetAsync(new Uri(path, UriKind.Relative));
                string problem = await response.Content.ReadAsStringAsync();
                output.WriteLine($"{path} with MaxExportBytes {size - 1:N0} (the document is {size:N0} bytes): {(int)response.StatusCode} {problem[..Math.Min(300, problem.Length)]}");
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
                Assert.Contains("NasBench:Limits:MaxExportBytes", problem, StringComparison.Ordinal);
            }

            Limits.MaxExportBytes = size + 2;
            Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(new Uri($"/api/experiments/export?ids={e}", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(new Uri($"/api/experiments/{e}/export", UriKind.Relative))).StatusCode);
        }
        finally
        {
            Limits.MaxExportBytes = cap;
        }
    }

    [Fact]
    public async Task AFullDisk_Is507OnEveryWrite_LeavesNoFile_AndHealthzSaysSo()
    {
        var disk = lab.Services.GetRequiredService<DiskSpace>();
        using var member = lab.With(lab.MemberToken);
        using var anonymous = lab.Anonymous();
        var healthy = await anonymous.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", healthy.GetProperty("disk").GetString());
        int experiments = await CountAsync();
        string uploads = Path.Combine(lab.Home, "uploads");
        int files = Directory.Exists(uploads) ? Directory.GetFiles(uploads, "*", SearchOption.AllDirectories).Length : 0;
        disk.Probe = _ => Limits.MinFreeDiskBytes - 1;
        try
        {
            var health = await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative));
            var body = await health.Content.ReadFromJsonAsync<JsonElement>();
            output.WriteLine($"/healthz on a full disk: {(int)health.StatusCode} {body}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("full", body.GetProperty("disk").GetString());
            Assert.Equal(Limits.MinFreeDiskBytes - 1, body.GetProperty("diskFreeBytes").GetInt64());

            var launch = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json("""{"kind":"search","queries":10,"runs":1,"synthetic":true}"""));
            var upload = await member.PostAsync(new Uri("/api/uploads", UriKind.Relative), Csv(600));
            var import = await member.PostAsync(new Uri("/api/experiments/import", UriKind.Relative), LabExperiments.Json("[]"));
            foreach (var (what, response) in new[] { ("launch", launch), ("upload", upload), ("import", import) })
            {
                string problem = await response.Content.ReadAsStringAsync();
                output.WriteLine($"{what} on a full disk: {(int)response.StatusCode} {problem}");
                Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
                Assert.Contains("disk is full", problem, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", problem, StringComparison.Ordinal);
            }

            Assert.Equal(experiments, await CountAsync());
            Assert.Equal(files, Directory.Exists(uploads) ? Directory.GetFiles(uploads, "*", SearchOption.AllDirectories).Length : 0);
            // Reads still work.
            Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
        }
        finally
        {
            disk.Probe = DiskSpace.Available;
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    /// <summary>A page launches through the launcher too: on a full disk it gets the refusal every launch page shows beside
    /// its button (LaunchRefusedException, 507 for the API), not a DiskFullException that ends the circuit (the form, the
    /// preset picker and the home page's setup buttons caught only refusals).</summary>
    [Fact]
    public async Task AFullDisk_RefusesAPagesLaunch_AsALaunchRefusal_AndStoresNothing()
    {
        var disk = lab.Services.GetRequiredService<DiskSpace>();
        var launcher = lab.Services.GetRequiredService<NasBench.Web.Jobs.ExperimentLauncher>();
        var check = launcher.Check(NasBench.Core.Experiments.ExperimentJson.Deserialize("""{"kind":"search","queries":10,"runs":1,"synthetic":true}"""));
        Assert.Empty(check.Errors);
        int experiments = await CountAsync();
        disk.Probe = _ => Limits.MinFreeDiskBytes - 1;
        try
        {
            var refused = await Assert.ThrowsAsync<NasBench.Web.Jobs.LaunchRefusedException>(() => launcher.LaunchAsync(check.Request!, "someone", "someone"));
            Assert.Equal((int)HttpStatusCode.InsufficientStorage, refused.Status);
            Assert.Contains("disk is full", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            disk.Probe = DiskSpace.Available;
        }

        Assert.Equal(experiments, await CountAsync());
    }

    [Fact]
    public async Task Uploads_Expire_AfterUploadDays()
    {
        var (email, _) = await SecurityUsers.CreateAsync(lab, "member", "expire");
        using var client = lab.With(await SecurityUsers.TokenAsync(lab, email));
        var response = await client.PostAsync(new Uri("/api/uploads", UriKind.Relative), Csv(600));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string path = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("path").GetString()!;
        Assert.True(File.Exists(path));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        clock.Advance(TimeSpan.FromDays(Limits.UploadDays) - TimeSpan.FromHours(1));
        NasBench.Web.Services.Uploads.Expire(Limits.UploadDays, clock);
        Assert.True(File.Exists(path), "deleted before UploadDays");
        clock.Advance(TimeSpan.FromHours(2));
        NasBench.Web.Services.Uploads.Expire(Limits.UploadDays, clock);
        Assert.False(File.Exists(path), "kept after UploadDays");
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)), "its folder is left");
        // And the server no longer accepts it as a request's file.
        var correlate = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative),
            LabExperiments.Json(JsonSerializer.Serialize(new { kind = "correlate", file = path, x = "a", y = "b" })));
        Assert.Equal(HttpStatusCode.BadRequest, correlate.StatusCode);
        var errors = (await correlate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("file", out _), errors.ToString());
    }

    private async Task<int> CountAsync()
    {
        using var scope = lab.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LabDbContext>().Experiments.CountAsync();
    }

    private static MultipartFormDataContent Csv(int bytes) =>
        new() { { new StringContent("a,b\n" + new string('1', bytes - 6) + ",2\n", Encoding.UTF8, "text/csv"), "file", "q.csv" } };

    private static long WorkingSet()
    {
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
