using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Core.Search;
using NasBench.Core.Experiments;
using NasBench.Web.Data;

namespace NasBench.Web.Tests.Postgres;

/// <summary>
/// Ask/tell sessions (<see cref="Apis.SessionExperiments"/>, issue 20) on PostgreSQL: the main path through the real server
/// on Npgsql — open, query until the budget is spent, refused, finish — and what it leaves: the session experiment's
/// runs and trajectory rows in the lab's database, its files, and its page.
/// </summary>
[Collection(PostgresLabCollection.Name)]
public sealed class SessionsPostgresTests(PostgresLabServer lab)
{
    private static readonly int[][] Adjacency = [[0, 1, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]];
    private static readonly string[] Ops = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"];

    /// <summary>The k-th of 27 distinct cells: the adjacency above with the operations of vertices 1–3 from k's base-3 digits.</summary>
    private static string[] Operations(int k) => ["input", Ops[k % 3], Ops[k / 3 % 3], Ops[k / 9 % 3], "conv3x3-bn-relu", "conv3x3-bn-relu", "output"];

    [Fact]
    public async Task Session_QueriesUntilSpent_IsRefused_Finishes_WithItsRowsFilesAndPage()
    {
        Assert.Equal("postgres", lab.Database);
        using var client = lab.With(lab.MemberToken);
        string name = "pg-session-" + Guid.NewGuid().ToString("N")[..6];
        const int Budget = 4;
        var created = await client.PostAsJsonAsync("/api/sessions", new { algorithm = name, protocol = "mean3", queries = Budget, seed = 3, synthetic = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var opened = await created.Content.ReadFromJsonAsync<JsonElement>();
        string id = opened.GetProperty("id").GetString()!;
        long experiment = opened.GetProperty("experimentId").GetInt64();
        var running = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{experiment}");
        Assert.Equal(SessionRequest.SessionKind, running.GetProperty("kind").GetString());
        Assert.Equal("running", running.GetProperty("status").GetString());

        var answers = new List<JsonElement>();
        for (int k = 0; k < Budget; k++)
        {
            var response = await client.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations(k) });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(k + 1, answer.GetProperty("budget").GetProperty("queries").GetInt64());
            Assert.Equal(k == Budget - 1, answer.GetProperty("budget").GetProperty("exhausted").GetBoolean());
            answers.Add(answer);
        }

        var refused = await client.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations(Budget) });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var finish = await client.PostAsync(new Uri($"/api/sessions/{id}/finish", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, finish.StatusCode);
        var finished = await finish.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(name, finished.GetProperty("algorithm").GetString());
        Assert.Equal(Budget, finished.GetProperty("final").GetProperty("step").GetInt64());
        var done = await lab.WaitForAsync(client, experiment, TimeSpan.FromSeconds(60), "succeeded");
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());

        // The rows in PostgreSQL: one run (its seed), completed after the budget, and its incumbents' trajectory ending at the last step.
        double best = answers.Max(a => a.GetProperty("validationAccuracy").GetDouble());
        await using (var db = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContext())
        {
            Assert.IsType<PostgresLabDbContext>(db);
            var run = await db.SearchRuns.AsNoTracking().SingleAsync(r => r.ExperimentId == experiment);
            Assert.Equal((3, true, Budget), (run.Run, run.Completed, (int)run.Steps));
            var points = await db.TrajectoryPoints.AsNoTracking().Where(p => p.ExperimentId == experiment).OrderBy(p => p.Step).ToListAsync();
            Assert.NotEmpty(points);
            Assert.All(points, p => Assert.Equal(3, p.Run));
            Assert.Equal(Budget, points[^1].Step);
            Assert.Equal(best, points[^1].ValidationAccuracy);
        }

        // The files a search writes, over that run.
        var rows = (await client.GetStringAsync(new Uri($"/api/experiments/{experiment}/files/trajectories.csv", UriKind.Relative)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.StartsWith(name + ",mean3," + Budget + " queries,", r, StringComparison.Ordinal));
        Assert.Contains("aggregate.csv", await client.GetStringAsync(new Uri($"/api/experiments/{experiment}/files", UriKind.Relative)), StringComparison.Ordinal);

        // Its page (a Bearer client is served like the cookie) and its line in the list of session experiments.
        var page = await client.GetAsync(new Uri($"/experiments/{experiment}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains(name, html, StringComparison.Ordinal);
        Assert.Contains("succeeded", html, StringComparison.Ordinal);
        var list = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/experiments?kind=session", UriKind.Relative));
        Assert.Contains(experiment, list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
    }
}

/// <summary><see cref="Apis.SessionsApiTests"/> on PostgreSQL.</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class SessionsApiPostgresTests(PostgresLabServer lab) : Apis.SessionsApiTests(lab);

/// <summary><see cref="Apis.SessionExperimentsTests"/> on PostgreSQL: grouping, the reference's answers and charges, expiry on
/// the injected clock, and a restart continuing a session from its log.</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class SessionExperimentsPostgresTests(PostgresLabServer lab) : Apis.SessionExperimentsTests(lab);
