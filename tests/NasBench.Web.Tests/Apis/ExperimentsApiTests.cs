using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NasBench.Web.Tests.Apis;

/// <summary>The HTTP API against the real server: status codes, problem details naming the field, and bodies that must never give a 500.</summary>
[Collection(LabCollection.Name)]
public class ExperimentsApiTests(LabServer lab)
{
    [Fact]
    public async Task Healthz_IsUp_WithAWorker()
    {
        using var client = lab.Anonymous();
        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("workers").GetInt32() >= 1);
    }

    [Theory]
    [InlineData("GET", "/api/experiments")]
    [InlineData("POST", "/api/experiments")]
    [InlineData("GET", "/api/benchmark")]
    [InlineData("GET", "/api/experiments/1")]
    [InlineData("POST", "/api/experiments/1/cancel")]
    public async Task Api_WithoutToken_Is401(string method, string path)
    {
        using var client = lab.Anonymous();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var bad = lab.With("nbt_not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bad.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Tokens_NeedTheRightPassword()
    {
        using var client = lab.Anonymous();
        var wrong = await client.PostAsJsonAsync("/api/tokens", new { email = LabServer.MemberEmail, password = "nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var missing = await client.PostAsJsonAsync("/api/tokens", new { email = LabServer.MemberEmail });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("password", await missing.Content.ReadAsStringAsync());
        var notJson = await client.PostAsync(new Uri("/api/tokens", UriKind.Relative), Json("{{{"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        // A body that does not say it is JSON is refused before it is read (a cross-site page can send only such bodies).
        var textPlain = await client.PostAsync(new Uri("/api/tokens", UriKind.Relative), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, textPlain.StatusCode);
    }

    [Fact]
    public async Task Viewer_CannotLaunch_Is403()
    {
        using var viewer = lab.With(lab.ViewerToken);
        var response = await viewer.PostAsync(new Uri("/api/experiments", UriKind.Relative), Json("""{"kind":"search","queries":10,"runs":1,"synthetic":true}"""));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/experiments/987654")]
    [InlineData("POST", "/api/experiments/987654/cancel")]
    [InlineData("GET", "/api/experiments/987654/files")]
    [InlineData("GET", "/api/experiments/987654/files/trajectories.csv")]
    public async Task UnknownIds_Are404Problems(string method, string path)
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task InvalidRequest_Is400_NamingTheFieldAndTheRule()
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), Json("""{"kind":"search","runs":0,"protocol":"x"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("--runs", errors.GetProperty("runs")[0].GetString());
        Assert.Contains("--protocol", errors.GetProperty("protocol")[0].GetString());
    }

    public static TheoryData<string> BadBodies() =>
    [
        "", "not json", "[]", "null", "42", "\"search\"", "{}", """{"kind":5}""", """{"kind":"nope"}""", """{"kind":null}""",
        """{"kind":"search","runs":"ten"}""", """{"kind":"search","runs":1e400}""", """{"kind":"search","runs":99999999999999}""",
        """{"kind":"search","queries":-1}""", """{"kind":"search","queries":1.5}""", """{"kind":"search","algorithm":null}""",
        """{"kind":"search","algorithm":"magic"}""", """{"kind":"compare","algorithms":null}""", """{"kind":"compare","algorithms":[]}""",
        """{"kind":"compare","algorithms":[1,2]}""", """{"kind":"compare","algorithms":"random"}""", """{"kind":"search","protocol":null}""",
        """{"kind":"search","unknown":1}""", """{"kind":"search","simulatedSeconds":"NaN"}""", """{"kind":"search","simulatedSeconds":-1e308}""",
        """{"kind":"search","store":"a","records":"b"}""", """{"kind":"search","sampler":"gaussian"}""", """{"kind":"search","epochs":7}""",
        """{"kind":"search","population":1,"tournament":5}""", """{"kind":"distance","pairs":-5}""", """{"kind":"correlate"}""",
        """{"kind":"cells","threshold":2}""", """{"kind":"search","runs":1,"queries":1""", """{"kind":"search","seed":{"a":1}}""",
        new string('[', 5000) + new string(']', 5000), "{\"kind\":\"search\",\"store\":\"\u0000\"}",
        // A path of 300 KB, a folder where a file is asked for, a queue Hangfire cannot hold (upper case, a dot).
        "{\"kind\":\"search\",\"store\":\"/" + new string('a', 300_000) + "\"}",
        JsonSerializer.Serialize(new { kind = "search", records = Path.GetDirectoryName(LabServer.RecordsCsv) }),
        """{"kind":"training","adjacency":"0110000100010000","operations":"input,conv3x3-bn-relu,conv1x1-bn-relu,output","queue":"gpu-A.b-0"}""",
    ];

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBodies_AreProblems_NeverA500(string body)
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), Json(body));
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} for {body[..Math.Min(body.Length, 80)]}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HugeBody_Is413()
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), Json("{\"kind\":\"search\",\"store\":\"" + new string('a', 2 << 20) + "\"}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Benchmark_SaysWhenThereIsNone()
    {
        using var client = lab.With(lab.ViewerToken);
        var body = await client.GetFromJsonAsync<JsonElement>("/api/benchmark");
        Assert.False(body.GetProperty("available").GetBoolean());
        Assert.Contains("nasbench data download", body.GetProperty("message").GetString());
    }

    /// <summary><see cref="LabApi.Json"/> (kept for the security tests that call it by this name).</summary>
    internal static StringContent Json(string body) => LabApi.Json(body);
}
