using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasBench.Web.Tests.Results;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Security;

/// <summary>
/// The corpus of bad input (malformed-bodies.json, kept as data): every case answers a clear 4xx problem — never a 500,
/// never a stack trace. Runs on SQLite here and on PostgreSQL (Postgres/SecurityPostgresTests.cs).
/// </summary>
[Collection(LabCollection.Name)]
public class MalformedBodiesTests(LabServer lab, ITestOutputHelper output)
{
    [Fact]
    public async Task EveryMalformedInput_IsAClear4xx_NeverA500()
    {
        using var corpus = JsonDocument.Parse(await File.ReadAllTextAsync(LabServer.FindUp(Path.Combine("Security", "malformed-bodies.json"))));
        long e = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 2, queries: 30);
        string memberId = await MemberIdAsync();
        using var member = lab.With(lab.MemberToken);
        string export = await member.GetStringAsync(new Uri($"/api/experiments/{e}/export", UriKind.Relative));
        var failures = new List<string>();
        int tried = 0, clear4xx = 0, fiveHundreds = 0;
        foreach (var c in corpus.RootElement.GetProperty("cases").EnumerateArray())
        {
            tried++;
            string method = c.GetProperty("method").GetString()!;
            string path = c.GetProperty("path").GetString()!.Replace("{E}", e.ToString(), StringComparison.Ordinal).Replace("{M}", memberId, StringComparison.Ordinal);
            string expect = c.TryGetProperty("expect", out var x) ? x.GetString()! : "4xx";
            using var client = ClientFor(c.GetProperty("as").GetString()!);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = BodyOf(c, export) };
            var response = await client.SendAsync(request);
            int status = (int)response.StatusCode;
            string text = await response.Content.ReadAsStringAsync();
            fiveHundreds += status >= 500 ? 1 : 0;
            // A problem document; or a page (which shows the error); or Kestrel's own empty 400 for a request it will not parse.
            bool problem = status is >= 400 and < 500
                && (response.Content.Headers.ContentType?.MediaType is "application/problem+json" || !path.StartsWith("/api", StringComparison.Ordinal) || text.Length == 0);
            clear4xx += problem ? 1 : 0;
            bool ok = expect == "4xx" ? problem : status < 500;
            if (!ok || text.Contains("   at ", StringComparison.Ordinal))
            {
                failures.Add($"{method} {path} {Describe(c)} → {status} {response.Content.Headers.ContentType?.MediaType}: {text[..Math.Min(300, text.Length)]}");
            }
        }

        output.WriteLine($"{lab.Database}: {tried} bad inputs tried, {clear4xx} clear 4xx problems, {fiveHundreds} × 5xx");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried}:\n{string.Join('\n', failures)}");
    }

    private HttpClient ClientFor(string role) => role switch
    {
        "anonymous" => lab.Anonymous(),
        "viewer" => lab.With(lab.ViewerToken),
        "member" => lab.With(lab.MemberToken),
        "admin" => lab.With(lab.AdminToken),
        _ => throw new ArgumentException(role),
    };

    private static ByteArrayContent? BodyOf(JsonElement c, string export)
    {
        byte[]? bytes = c.TryGetProperty("base64", out var b64) ? Convert.FromBase64String(b64.GetString()!)
            : c.TryGetProperty("deep", out var deep) ? Encoding.UTF8.GetBytes(new string('[', deep.GetInt32()) + new string(']', deep.GetInt32()))
            : c.TryGetProperty("import", out var change) ? Encoding.UTF8.GetBytes(Changed(export, change))
            : c.TryGetProperty("body", out var body) ? Encoding.UTF8.GetBytes(body.GetString()!)
            : null;
        if (bytes is null)
        {
            return null;
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.TryGetProperty("type", out var type) ? type.GetString()! : "application/json");
        return content;
    }

    /// <summary>A real export document with one field set by its dotted path ("remove" deletes it; searchRuns "duplicate"
    /// repeats the first row).</summary>
    private static string Changed(string export, JsonElement change)
    {
        var doc = JsonNode.Parse(export)!.AsObject();
        foreach (var field in change.EnumerateObject())
        {
            string[] parts = field.Name.Split('.');
            var parent = parts[..^1].Aggregate(doc, (node, part) => node[part]!.AsObject());
            if (field.Value.ValueKind == JsonValueKind.String && field.Value.GetString() == "remove")
            {
                parent.Remove(parts[^1]);
            }
            else if (field.Value.ValueKind == JsonValueKind.String && field.Value.GetString() == "duplicate")
            {
                var rows = parent[parts[^1]]!.AsArray();
                rows.Add(rows[0]!.DeepClone());
            }
            else
            {
                parent[parts[^1]] = JsonNode.Parse(field.Value.GetRawText());
            }
        }

        return doc.ToJsonString();
    }

    private static string Describe(JsonElement c) =>
        c.TryGetProperty("body", out var body) ? body.GetString()![..Math.Min(80, body.GetString()!.Length)]
        : c.TryGetProperty("import", out var change) ? "import " + change.GetRawText()
        : c.TryGetProperty("deep", out var deep) ? $"nesting {deep}" : c.TryGetProperty("base64", out var b) ? "bytes " + b.GetString() : "";

    private async Task<string> MemberIdAsync()
    {
        using var admin = lab.With(lab.AdminToken);
        var users = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/api/users", UriKind.Relative)));
        return users.RootElement.EnumerateArray().First(u => u.GetProperty("email").GetString() == LabServer.MemberEmail).GetProperty("id").GetString()!;
    }
}
