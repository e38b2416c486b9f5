using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NasBench.Web.Tests.Apis;

/// <summary>Ask/tell: a session charges each query as the reference does, refuses once its budget is spent, and finishes with its trajectory.</summary>
[Collection(LabCollection.Name)]
public class SessionsApiTests(LabServer lab)
{
    private static readonly int[][] Adjacency = [[0, 1, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]];
    private static readonly string[] Operations = ["input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3", "conv3x3-bn-relu", "conv3x3-bn-relu", "output"];

    [Fact]
    public async Task Session_ChargesQueries_RefusesPastTheBudget_FinishesWithTheTrajectory()
    {
        using var client = lab.With(lab.MemberToken);
        var created = await client.PostAsJsonAsync("/api/sessions", new { algorithm = "my-bo", protocol = "mean3", queries = 2, seed = 1, synthetic = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var bad = await client.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = new[] { new[] { 0, 1 }, new[] { 0, 0 } }, operations = new[] { "input", "maxpool3x3" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // The synthetic benchmark the server generates holds 108 epochs only: a 4-epoch query is out of its domain, free.
        var noFourEpochs = await client.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations, epochs = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, noFourEpochs.StatusCode);

        var first = await (await client.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations })).Content.ReadFromJsonAsync<JsonElement>();
        double time = first.GetProperty("trainingTime").GetDouble();
        Assert.Equal(108, first.GetProperty("budget").GetProperty("epochsSpent").GetInt64());
        Assert.Equal(time, first.GetProperty("budget").GetProperty("trainingTimeSpent").GetDouble(), 6);
        Assert.Equal(1, first.GetProperty("budget").GetProperty("queries").GetInt64());
        var second = await (await client.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations, halfway = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(108 + 54, second.GetProperty("budget").GetProperty("epochsSpent").GetInt64());
        Assert.True(second.GetProperty("budget").GetProperty("exhausted").GetBoolean());
        Assert.Equal(5, second.GetProperty("moduleOperations").GetArrayLength());

        var refused = await client.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var finished = await (await client.PostAsync(new Uri($"/api/sessions/{id}/finish", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("my-bo", finished.GetProperty("algorithm").GetString());
        Assert.Equal(2, finished.GetProperty("final").GetProperty("step").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(new Uri($"/api/sessions/{id}/finish", UriKind.Relative), null)).StatusCode);
    }

    /// <summary>A session is its opener's: another user's query or finish answers 404, as for an unknown id; a matrix
    /// larger than the space's 7 vertices is refused before it is allocated.</summary>
    [Fact]
    public async Task AnotherUser_CannotQueryOrFinishASession_AndOversizedMatricesAreRefused()
    {
        using var member = lab.With(lab.MemberToken);
        using var admin = lab.With(lab.AdminToken);
        var created = await member.PostAsJsonAsync("/api/sessions", new { algorithm = "mine", queries = 5, synthetic = true });
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(new Uri($"/api/sessions/{id}/finish", UriKind.Relative), null)).StatusCode);
        int[][] big = [.. Enumerable.Range(0, 8).Select(_ => new int[8])];
        Assert.Equal(HttpStatusCode.BadRequest, (await member.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = big, operations = Enumerable.Repeat("conv3x3-bn-relu", 8) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync($"/api/sessions/{id}/query", new { adjacency = Adjacency, operations = Operations })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsync(new Uri($"/api/sessions/{id}/finish", UriKind.Relative), null)).StatusCode);
    }
}
