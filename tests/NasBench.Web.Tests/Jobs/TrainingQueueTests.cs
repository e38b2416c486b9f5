using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Web.Data;

namespace NasBench.Web.Tests.Jobs;

/// <summary>GPU placement: a training names its queue (<c>queue</c>, the CLI's <c>--queue</c>): gpu, cpu or one GPU's
/// gpu-&lt;host&gt;-&lt;n&gt;. It waits there until a worker listening to that queue takes it — this CPU-only lab server
/// never does — and a queue name outside that vocabulary is a 400 naming the field.</summary>
[Collection(LabCollection.Name)]
public sealed class TrainingQueueTests(LabServer lab)
{
    [Fact]
    public async Task ATrainingForOneGpusQueue_WaitsThere_NoCpuWorkerTakesIt()
    {
        using var client = lab.With(lab.MemberToken);
        var request = TrainingJobTests.Tiny(1);
        request["queue"] = "gpu-elsewhere-0";
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(JsonSerializer.Serialize(request)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        try
        {
            // A search launched after it on the cpu queue runs to the end: the worker has fetched from its queues since
            // the training was queued, and left it there (no fixed wait: the later job's end is the proof).
            var later = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(
                JsonSerializer.Serialize(new { kind = "search", algorithm = "random", queries = 100, runs = 1, records = LabServer.RecordsCsv })));
            Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
            long after = (await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            Assert.Equal("succeeded", (await lab.WaitForAsync(client, after, TimeSpan.FromSeconds(90), "succeeded", "failed")).GetProperty("status").GetString());
            var e = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
            Assert.Equal("queued", e.GetProperty("status").GetString());
            Assert.Equal("gpu-elsewhere-0", e.GetProperty("queue").GetString());
            Assert.Equal(0, e.GetProperty("attempts").GetInt32());
            Assert.Contains("--queue gpu-elsewhere-0", e.GetProperty("commandLine").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            (await client.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null)).EnsureSuccessStatusCode();
        }

        var cancelled = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(30), "cancelled");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("gpu-")]
    [InlineData("gpu-host")]
    public async Task AQueueOutsideTheVocabulary_Is400_NamingIt(string queue)
    {
        using var client = lab.With(lab.MemberToken);
        var request = TrainingJobTests.Tiny(1);
        request["queue"] = queue;
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(JsonSerializer.Serialize(request)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("--queue must be cpu, gpu or one GPU's queue gpu-<host>-<n>", errors.GetProperty("queue")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>Names the training's own rule lets through but Hangfire's queues cannot hold (upper case, a dot: its
    /// EnqueuedState throws; longer than the row's 64 characters): before the launcher checked them, the row was stored
    /// and the failed dispatch answered 400 for an experiment left queued with no job.</summary>
    [Theory]
    [InlineData("gpu-Host.A-0")]
    [InlineData("gpu-hostwithaverylongnamethatgoesonandonandonandonandonforeverandever-0")]
    public async Task AQueueTheJobSystemCannotHold_Is400_NamingIt_AndNothingIsStored(string queue)
    {
        using var client = lab.With(lab.MemberToken);
        var request = TrainingJobTests.Tiny(1);
        request["queue"] = queue;
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(JsonSerializer.Serialize(request)));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Contains("lowercase letters, digits, '_' and '-' only, at most 64 characters", errors.GetProperty("queue")[0].GetString(), StringComparison.Ordinal);
        await using var db = await lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Experiments.CountAsync(e => e.Queue == queue));
    }
}
