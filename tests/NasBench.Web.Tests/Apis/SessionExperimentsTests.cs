using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NasBench.Core;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Tests.Apis;

/// <summary>Ask/tell sessions as experiments: seeds group into one experiment whose files and status are a search's;
/// answers and charges are the reference query()'s; idle sessions expire on the injected clock; a restarted server
/// continues a session from its log.</summary>
[Collection(LabCollection.Name)]
public class SessionExperimentsTests(LabServer lab)
{
    private static readonly int[][] Adjacency = [[0, 1, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]];
    private static readonly string[] Ops = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"];

    /// <summary>The k-th of 27 distinct cells: the adjacency above with the operations of vertices 1–3 from k's base-3 digits.</summary>
    private static string[] Operations(int k) => ["input", Ops[k % 3], Ops[k / 3 % 3], Ops[k / 9 % 3], "conv3x3-bn-relu", "conv3x3-bn-relu", "output"];

    private static int[,] Matrix()
    {
        var m = new int[7, 7];
        for (int i = 0; i < 7; i++)
        {
            for (int j = 0; j < 7; j++)
            {
                m[i, j] = Adjacency[i][j];
            }
        }

        return m;
    }

    private static async Task<JsonElement> OpenAsync(HttpClient client, string algorithm, int seed, string protocol = "mean3", int queries = 5, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostAsJsonAsync("/api/sessions", new { algorithm, protocol, queries, seed, synthetic = true });
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> QueryAsync(HttpClient client, string id, int k, bool halfway = false)
    {
        var response = await client.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations(k), halfway });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task SessionsOfOneAlgorithm_AreTheRunsOfOneExperiment_WithASearchsFilesAndStatus()
    {
        using var client = lab.With(lab.MemberToken);
        string name = "grouped-" + Guid.NewGuid().ToString("N")[..6];
        var one = await OpenAsync(client, name, seed: 1);
        var two = await OpenAsync(client, name, seed: 2);
        var other = await OpenAsync(client, name + "-other", seed: 1);
        long experiment = one.GetProperty("experimentId").GetInt64();
        Assert.Equal(experiment, two.GetProperty("experimentId").GetInt64());
        Assert.NotEqual(experiment, other.GetProperty("experimentId").GetInt64());
        // The same seed while it is open: the same session again (a client that lost its id joins it).
        Assert.Equal(one.GetProperty("id").GetString(), (await OpenAsync(client, name, seed: 1, expected: HttpStatusCode.OK)).GetProperty("id").GetString());

        var running = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{experiment}");
        Assert.Equal("session", running.GetProperty("kind").GetString());
        Assert.Equal("running", running.GetProperty("status").GetString());

        for (int k = 0; k < 5; k++)
        {
            await QueryAsync(client, one.GetProperty("id").GetString()!, k);
            await QueryAsync(client, two.GetProperty("id").GetString()!, 26 - k);
        }

        // Both budgets are spent: the experiment ended with a search's files over both runs.
        var done = await lab.WaitForAsync(client, experiment, TimeSpan.FromSeconds(30), "succeeded");
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());
        var files = await client.GetStringAsync($"/api/experiments/{experiment}/files");
        Assert.Contains("trajectories.csv", files, StringComparison.Ordinal);
        Assert.Contains("aggregate.csv", files, StringComparison.Ordinal);
        var rows = (await client.GetStringAsync($"/api/experiments/{experiment}/files/trajectories.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        var runs = rows.Select(r => r.Split(',')).GroupBy(f => f[4]).ToDictionary(g => g.Key, g => g.Select(f => long.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture)).Max());
        Assert.Equal(new Dictionary<string, long> { ["1"] = 5, ["2"] = 5 }, runs);
        Assert.All(rows, r => Assert.StartsWith(name + ",mean3,5 queries,", r, StringComparison.Ordinal));

        // An ended seed is not opened again; a new seed re-opens the experiment.
        await OpenAsync(client, name, seed: 1, expected: HttpStatusCode.Conflict);
        var three = await OpenAsync(client, name, seed: 3);
        Assert.Equal(experiment, three.GetProperty("experimentId").GetInt64());
        Assert.Equal("running", (await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{experiment}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri($"/api/sessions/{three.GetProperty("id").GetString()}/finish", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri($"/api/sessions/{other.GetProperty("id").GetString()}/finish", UriKind.Relative), null)).StatusCode);
        await lab.WaitForAsync(client, experiment, TimeSpan.FromSeconds(30), "succeeded");
    }

    /// <summary>nb101: each answer and the counters equal the reference API's over the same benchmark, drawing its repeats
    /// from the stream of run <c>seed</c> (what a search's run <c>seed</c> draws from).</summary>
    [Fact]
    public async Task Nb101Session_AnswersAndChargesAsTheReferenceQuery()
    {
        using var client = lab.With(lab.MemberToken);
        var opened = await OpenAsync(client, "reference-" + Guid.NewGuid().ToString("N")[..6], seed: 7, protocol: "nb101", queries: 20);
        string id = opened.GetProperty("id").GetString()!;
        var benchmark = await lab.Services.GetRequiredService<BenchmarkProvider>().OpenAsync(new BenchmarkSource(SyntheticSeed: 0));
        var reference = new NasBenchApi(benchmark.Data, SeedStreams.Create(0, 7, StreamPurpose.QueryRepeat), QueryMode.RandomRepeat);
        for (int q = 0; q < 20; q++)
        {
            int k = q * 7 % 27;
            bool halfway = q % 3 == 0;
            var answer = await QueryAsync(client, id, k, halfway);
            var expected = reference.Query(ModelSpec.Create(Matrix(), Operations(k)), 108, halfway);
            Assert.Equal(expected.TrainingTime, answer.GetProperty("trainingTime").GetDouble());
            Assert.Equal(expected.ValidationAccuracy, answer.GetProperty("validationAccuracy").GetDouble());
            Assert.Equal(expected.TestAccuracy, answer.GetProperty("testAccuracy").GetDouble());
            Assert.Equal(expected.TrainAccuracy, answer.GetProperty("trainAccuracy").GetDouble());
            var budget = answer.GetProperty("budget");
            Assert.Equal(reference.GetBudgetCounters().TrainingTimeSpent, budget.GetProperty("trainingTimeSpent").GetDouble());
            Assert.Equal(reference.GetBudgetCounters().EpochsSpent, budget.GetProperty("epochsSpent").GetInt64());
            Assert.Equal(q + 1, budget.GetProperty("queries").GetInt64());
        }

        var refused = await client.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations(0) });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var finished = await (await client.PostAsync(new Uri($"/api/sessions/{id}/finish", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20, finished.GetProperty("final").GetProperty("step").GetInt64());
    }

    [Fact]
    public async Task IdleSession_ExpiresAfterTheIdleTime_OnTheInjectedClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sessions = ActivatorUtilities.CreateInstance<SessionExperiments>(lab.Services, clock);
        string owner = await MemberIdAsync();
        var (opened, refused) = await sessions.OpenAsync(owner, LabServer.MemberEmail, Request("idle-" + Guid.NewGuid().ToString("N")[..6]), 4, CancellationToken.None);
        Assert.Null(refused);
        string id = opened!.Session.Id;
        Assert.NotNull((await sessions.QueryAsync(id, owner, Matrix(), Operations(1), 108, false)).Answer);

        clock.Advance(sessions.IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await sessions.SweepAsync());
        Assert.NotNull((await sessions.QueryAsync(id, owner, Matrix(), Operations(2), 108, false)).Answer);

        clock.Advance(sessions.IdleTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await sessions.SweepAsync());
        var (answer, ended) = await sessions.QueryAsync(id, owner, Matrix(), Operations(3), 108, false);
        Assert.Null(answer);
        Assert.Equal((409, "The session ended (expired)."), (ended!.Status, ended.Message));
        using var client = lab.With(lab.MemberToken);
        var experiment = await lab.WaitForAsync(client, opened.ExperimentId, TimeSpan.FromSeconds(30), "succeeded");
        Assert.Contains("trajectories.csv", await client.GetStringAsync($"/api/experiments/{opened.ExperimentId}/files"), StringComparison.Ordinal);
        Assert.Equal("session", experiment.GetProperty("kind").GetString());
    }

    /// <summary>A new server process (a new service over the same database and data folder) continues the session: the
    /// queries of its log are replayed, so the counters, the repeat stream and the trajectory go on as without the restart.</summary>
    [Fact]
    public async Task Session_AfterARestart_ContinuesFromItsLog()
    {
        using var client = lab.With(lab.MemberToken);
        string name = "restart-" + Guid.NewGuid().ToString("N")[..6];
        var opened = await OpenAsync(client, name, seed: 5, protocol: "nb101", queries: 6);
        string id = opened.GetProperty("id").GetString()!;
        for (int k = 0; k < 3; k++)
        {
            await QueryAsync(client, id, k);
        }

        var restarted = ActivatorUtilities.CreateInstance<SessionExperiments>(lab.Services, TimeProvider.System);
        string owner = await MemberIdAsync();
        Assert.Equal(404, (await restarted.QueryAsync(id, "someone-else", Matrix(), Operations(3), 108, false)).Refused!.Status);
        var (answer, _) = await restarted.QueryAsync(id, owner, Matrix(), Operations(3), 108, false);
        Assert.Equal(4, answer!.Progress.Step);

        // The same seed and queries without a restart (another algorithm name: another experiment, the same repeats).
        var reference = new NasBenchApi((await lab.Services.GetRequiredService<BenchmarkProvider>().OpenAsync(new BenchmarkSource(SyntheticSeed: 0))).Data,
            SeedStreams.Create(0, 5, StreamPurpose.QueryRepeat), QueryMode.RandomRepeat);
        NasBenchQueryResult? last = null;
        for (int k = 0; k < 4; k++)
        {
            last = reference.Query(ModelSpec.Create(Matrix(), Operations(k)), 108, false);
        }

        Assert.Equal(last!.ValidationAccuracy, answer.Answer.ValidationAccuracy);
        Assert.Equal(reference.GetBudgetCounters().TrainingTimeSpent, answer.Counters.TrainingTimeSpent);
        var session = await restarted.FinishAsync(id, owner);
        Assert.Equal(4, session!.Finish().Final.Step);
        Assert.Equal(409, (await restarted.QueryAsync(id, owner, Matrix(), Operations(4), 108, false)).Refused!.Status);
    }

    private static SessionRequest Request(string algorithm) =>
        new() { Algorithm = algorithm, Protocol = "mean3", Queries = 10, Synthetic = true, Runs = 1 };

    private async Task<string> MemberIdAsync()
    {
        using var scope = lab.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<LabUser>>().FindByEmailAsync(LabServer.MemberEmail))!.Id;
    }
}
