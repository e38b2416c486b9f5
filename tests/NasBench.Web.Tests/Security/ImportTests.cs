using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Security;

/// <summary>Import treats its document as untrusted: the importer owns what it imports (the owner it names is provenance
/// only), and the request inside is validated as if it were launched.</summary>
[Collection(LabCollection.Name)]
public class ImportTests(LabServer lab)
{
    [Fact]
    public async Task AnImportClaimingTheAdmin_IsOwnedByTheImporter()
    {
        long e = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 1, queries: 20);
        using var member = lab.With(lab.MemberToken);
        var doc = JsonNode.Parse(await member.GetStringAsync(new Uri($"/api/experiments/{e}/export", UriKind.Relative)))!;
        doc["experiment"]!["owner"] = LabServer.AdminEmail;
        var response = await member.PostAsync(new Uri("/api/experiments/import", UriKind.Relative), LabExperiments.Json(doc.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids")[0].GetInt64();
        var imported = await member.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        Assert.Equal(LabServer.MemberEmail, imported.GetProperty("owner").GetString());
        // The member controls it (it is theirs), and the claim is kept as provenance in the audit log.
        using var admin = lab.With(lab.AdminToken);
        string audit = await admin.GetStringAsync(new Uri($"/api/audit?experiment={id}", UriKind.Relative));
        Assert.Contains($"by {LabServer.AdminEmail}", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"search\"")]
    [InlineData("[1,2]")]
    [InlineData("""{"kind":"search","runs":-3,"synthetic":true}""")]
    public async Task ARequestThatIsNotAValidRequest_Is400(string request)
    {
        long e = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 1, queries: 20);
        using var member = lab.With(lab.MemberToken);
        var doc = JsonNode.Parse(await member.GetStringAsync(new Uri($"/api/experiments/{e}/export", UriKind.Relative)))!;
        doc["experiment"]!["request"] = JsonNode.Parse(request);
        var response = await member.PostAsync(new Uri("/api/experiments/import", UriKind.Relative), LabExperiments.Json(doc.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("experiment.request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
