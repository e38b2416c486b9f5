using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasBench.Core.Experiments;

namespace NasBench.Web.Tests.Apis;

/// <summary>
/// The API contract (NasBench.Core.Lab) is what the server writes and what `nasbench submit` reads: each answer of the real
/// server, read into the contract's record with <see cref="LabJson.Options"/> and written back, is the same JSON (every
/// field name, casing and value); problems read into <see cref="LabProblem"/> with their field errors.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ApiContractTests(LabServer lab)
{
    [Fact]
    public async Task LaunchDetailListAndFiles_RoundTripThroughTheContractRecords()
    {
        using var client = lab.With(lab.MemberToken);
        var launch = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative),
            LabApi.Json("""{"kind":"search","algorithm":"random","queries":20,"runs":2,"synthetic":true,"seed":3}"""));
        Assert.Equal(HttpStatusCode.Accepted, launch.StatusCode);
        var launched = await RoundTripAsync<ExperimentLaunched>(launch);
        Assert.Equal($"/experiments/{launched.Id}", launched.Url);
        Assert.Equal($"/api/experiments/{launched.Id}", launch.Headers.Location?.OriginalString);

        await LabApi.WaitForAsync(client, launched.Id, TimeSpan.FromMinutes(2), ExperimentStates.Succeeded);
        var detail = await RoundTripAsync<ExperimentDetail>(await client.GetAsync(new Uri($"/api/experiments/{launched.Id}", UriKind.Relative)));
        Assert.Equal((launched.Id, ExperimentKinds.Search, ExperimentStates.Succeeded, 1.0), (detail.Id, detail.Kind, detail.Status, detail.Progress));
        Assert.Equal(3, detail.Request.GetProperty("seed").GetInt32());
        Assert.StartsWith("nasbench search", detail.CommandLine, StringComparison.Ordinal);
        Assert.True(detail.Benchmark.Synthetic);

        var page = await RoundTripAsync<Page<ExperimentSummary>>(await client.GetAsync(new Uri("/api/experiments?kind=search&take=5", UriKind.Relative)));
        var summary = Assert.Single(page.Items, s => s.Id == launched.Id);
        Assert.Equal((detail.Name, detail.Owner, detail.Url, detail.CreatedAt), (summary.Name, summary.Owner, summary.Url, summary.CreatedAt));

        var files = await RoundTripAsync<List<ExperimentFile>>(await client.GetAsync(new Uri($"/api/experiments/{launched.Id}/files", UriKind.Relative)));
        var trajectories = Assert.Single(files, f => f.Name == "trajectories.csv");
        Assert.Equal($"/api/experiments/{launched.Id}/files/trajectories.csv", trajectories.Url);
        Assert.True(trajectories.Size > 0);
    }

    [Fact]
    public async Task Cancel_AnswersTheContractsCancelAnswer()
    {
        using var client = lab.With(lab.MemberToken);
        // Evolution spends its whole budget (about 8 µs a query): 1,000 runs of 200,000 queries cannot end before the cancel.
        long id = await LabApi.LaunchAsync(client, new { kind = "search", algorithm = "evolution", queries = 200_000, runs = 1_000, records = LabServer.RecordsCsv });
        var cancel = await client.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(new CancelAnswer(id, CancelAnswer.Requested), await RoundTripAsync<CancelAnswer>(cancel));
        await LabApi.WaitForAsync(client, id, TimeSpan.FromMinutes(2), ExperimentStates.Cancelled);
    }

    [Fact]
    public async Task Problems_ReadAsLabProblem_WithEachFieldsRule()
    {
        using var client = lab.With(lab.MemberToken);
        var invalid = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json("""{"kind":"search","runs":0}"""));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = JsonSerializer.Deserialize<LabProblem>(await invalid.Content.ReadAsStringAsync(), LabJson.Options)!;
        Assert.Equal((400, "The request breaks a rule."), (problem.Status, problem.Title));
        Assert.Contains("--runs", Assert.Single(problem.Errors!["runs"]), StringComparison.Ordinal);

        var missing = await client.GetAsync(new Uri("/api/experiments/987654", UriKind.Relative));
        var notFound = JsonSerializer.Deserialize<LabProblem>(await missing.Content.ReadAsStringAsync(), LabJson.Options)!;
        Assert.Equal((404, "No experiment 987654.", (IReadOnlyDictionary<string, string[]>?)null), (notFound.Status, notFound.Title, notFound.Errors));
    }

    /// <summary>Reads the answer into <typeparamref name="T"/>, asserts that writing it back gives the same JSON, returns it.</summary>
    private static async Task<T> RoundTripAsync<T>(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var record = JsonSerializer.Deserialize<T>(body, LabJson.Options)!;
        var written = JsonSerializer.SerializeToNode(record, LabJson.Options);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), written), $"The server wrote\n{body}\nthe contract writes\n{written?.ToJsonString()}");
        return record;
    }
}
