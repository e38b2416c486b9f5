using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NasBench.Web.Tests.Results;

/// <summary>Publishing: owner Member or Admin publishes, others may not; GET /api/results filters and pages; admins unpublish.</summary>
[Collection(LabCollection.Name)]
public class PublishTests(LabServer lab)
{
    [Fact]
    public async Task Publish_ListFilterAndUnpublish()
    {
        long id = await LabExperiments.SearchAsync(lab, lab.MemberToken, algorithm: "evolution", runs: 3, queries: 150);
        using var member = lab.With(lab.MemberToken);
        using var viewer = lab.With(lab.ViewerToken);
        using var admin = lab.With(lab.AdminToken);
        string tag = "t" + Guid.NewGuid().ToString("N")[..6];
        var body = LabApi.Json($$"""{"title":"Evolution on 30 records","note":"a small check","tags":["{{tag}}","smoke"]}""");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(new Uri($"/api/experiments/{id}/publish", UriKind.Relative), body)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await member.PostAsync(new Uri($"/api/experiments/{id}/publish", UriKind.Relative), LabApi.Json("""{"note":"no title"}"""))).StatusCode);
        var published = await member.PostAsync(new Uri($"/api/experiments/{id}/publish", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        var list = await viewer.GetFromJsonAsync<JsonElement>($"/api/results?tag={tag}");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var entry = list.GetProperty("items")[0];
        Assert.Equal(id, entry.GetProperty("experimentId").GetInt64());
        Assert.Equal("official", entry.GetProperty("benchmark").GetString());
        Assert.Equal("evolution", entry.GetProperty("algorithm").GetString());
        var facts = entry.GetProperty("facts");
        double best = facts.GetProperty("bestMeanTestAccuracy").GetDouble();
        Assert.InRange(best, 0.80, 0.96);
        Assert.Equal(3, facts.GetProperty("runs").GetInt32());
        Assert.True(facts.GetProperty("testRegret").GetDouble() >= 0);
        Assert.True(entry.GetProperty("chart")[0].GetProperty("x").GetArrayLength() > 5);

        // The card's number is the mean over runs of the final incumbent's mean test accuracy (Core's aggregate).
        var runs = await member.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/export");
        var finals = runs.GetProperty("searchRuns").EnumerateArray().Select(r => r.GetProperty("finalTestAccuracy").GetDouble()).ToList();
        Assert.Equal(finals.Average(), best, 9);

        Assert.Equal(1, (await viewer.GetFromJsonAsync<JsonElement>($"/api/results?tag={tag}&q=30%20records&algorithm=evolution&kind=search&dataset=cifar10")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await viewer.GetFromJsonAsync<JsonElement>($"/api/results?tag={tag}&algorithm=random")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await viewer.GetFromJsonAsync<JsonElement>($"/api/results?tag={tag}&kind=training")).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync(new Uri($"/api/experiments/{id}/publish", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/experiments/{id}/publish", UriKind.Relative))).StatusCode);
        Assert.Equal(0, (await viewer.GetFromJsonAsync<JsonElement>($"/api/results?tag={tag}")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(new Uri($"/api/experiments/{id}/publish", UriKind.Relative))).StatusCode);

        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?experiment={id}");
        var actions = audit.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["unpublished", "published", "launched"], actions);
    }

    [Fact]
    public async Task AnotherMember_CannotPublishOrShareMyExperiment()
    {
        long id = await LabExperiments.SearchAsync(lab, lab.AdminToken, runs: 1, queries: 30);
        using var member = lab.With(lab.MemberToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync(new Uri($"/api/experiments/{id}/publish", UriKind.Relative), LabApi.Json("""{"title":"x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync(new Uri($"/api/experiments/{id}/share", UriKind.Relative), null)).StatusCode);
    }
}
