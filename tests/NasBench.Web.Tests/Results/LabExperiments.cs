using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NasBench.Web.Tests.Results;

/// <summary>Experiments the results tests work on: small searches on the 30 real records, launched through the API.</summary>
internal static class LabExperiments
{
    /// <summary>Launches a search (or a comparison when <paramref name="algorithms"/> has several) and waits for it to end.</summary>
    public static async Task<long> SearchAsync(LabServer lab, string token, string algorithm = "random", int runs = 4, int queries = 200, int seed = 0)
    {
        using var client = lab.With(token);
        string records = JsonSerializer.Serialize(LabServer.RecordsCsv);
        string body = $$"""{"kind":"search","algorithm":"{{algorithm}}","runs":{{runs}},"queries":{{queries}},"seed":{{seed}},"records":{{records}}}""";
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(60), "succeeded", "failed", "cancelled");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        return id;
    }

    /// <summary><see cref="LabApi.Json"/> (kept for the security tests that call it by this name).</summary>
    public static StringContent Json(string body) => LabApi.Json(body);

    public static async Task<string> ShareAsync(LabServer lab, string token, long id)
    {
        using var client = lab.With(token);
        var response = await client.PostAsync(new Uri($"/api/experiments/{id}/share", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }
}
