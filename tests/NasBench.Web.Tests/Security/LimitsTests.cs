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
    public async Task AUserWithTooManyActiveExperiments_Gets429()
    {
        var (email, id) = await SecurityUsers.CreateAsync(lab, "member", "busy");
        using var client = lab.With(await SecurityUsers.TokenAsync(lab, email));
        using (var scope = lab.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            for (int i = 0; i < Limits.MaxActivePerUser; i++)
            {
                db.Experiments.Add(new Experiment { Kind = "search", Name = $"waiting {i}", OwnerId = id, Owner = email, RequestJson = "{}", CommandLine = "nasbench search", Queue = "nowhere", CreatedAt = DateTimeOffset.UtcNow });
            }

            await db.SaveChangesAsync();
        }

        try
        {
            var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json("""{"kind":"search","queries":10,"runs":1,"synthetic":true}"""));
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Contains("NasBench:Limits:MaxActivePerUser", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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

    private static MultipartFormDataContent Csv(int bytes) =>
        new() { { new StringContent("a,b\n" + new string('1', bytes - 6) + ",2\n", Encoding.UTF8, "text/csv"), "file", "q.csv" } };

    private static long WorkingSet()
    {
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
