using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Web.Data;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Export;

/// <summary>Export → wipe → import: the same experiment, rows and byte-identical files come back (under a new id).</summary>
[Collection(LabCollection.Name)]
public sealed class ExportImportTests(LabServer lab)
{
    [Fact]
    public async Task Export_Wipe_Import_GivesTheSameRowsAndByteIdenticalFiles()
    {
        long id = await LabExperiments.SearchAsync(lab, lab.MemberToken, algorithm: "local", runs: 2, queries: 100);
        using var member = lab.With(lab.MemberToken);
        string exported = await member.GetStringAsync(new Uri($"/api/experiments/{id}/export", UriKind.Relative));
        var original = JsonDocument.Parse(exported).RootElement;
        var files = original.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => Convert.FromBase64String(f.GetProperty("base64").GetString()!));
        Assert.Contains("trajectories.csv", files.Keys);
        Assert.True(original.GetProperty("points").GetArrayLength() > 2);

        // Wipe: the rows (cascade) and the folder.
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Experiments.Where(e => e.Id == id).ExecuteDeleteAsync());
        }

        Directory.Delete(LabPaths.ExperimentDirectory(id), recursive: true);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(new Uri($"/api/experiments/{id}", UriKind.Relative))).StatusCode);

        using var viewer = lab.With(lab.ViewerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(new Uri("/api/experiments/import", UriKind.Relative), LabApi.Json(exported))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await member.PostAsync(new Uri("/api/experiments/import", UriKind.Relative), LabApi.Json("""{"format":"x"}"""))).StatusCode);
        var response = await member.PostAsync(new Uri("/api/experiments/import", UriKind.Relative), LabApi.Json("[" + exported + "," + exported + "]"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(x => x.GetInt64()).ToList();
        Assert.Equal(2, ids.Count);

        foreach (long newId in ids)
        {
            var again = JsonDocument.Parse(await member.GetStringAsync(new Uri($"/api/experiments/{newId}/export", UriKind.Relative))).RootElement;
            foreach (string part in new[] { "searchRuns", "epochs", "steps", "cells" })
            {
                Assert.Equal(Strip(original.GetProperty(part)), Strip(again.GetProperty(part)));
            }

            Assert.Equal(Strip(original.GetProperty("points")), Strip(again.GetProperty("points")));
            var detail = await member.GetFromJsonAsync<JsonElement>($"/api/experiments/{newId}");
            Assert.Equal("succeeded", detail.GetProperty("status").GetString());
            Assert.Equal(original.GetProperty("experiment").GetProperty("request").GetRawText(), detail.GetProperty("request").GetRawText());
            Assert.Equal(original.GetProperty("experiment").GetProperty("commandLine").GetString(), detail.GetProperty("commandLine").GetString());
            foreach (var (name, bytes) in files)
            {
                Assert.Equal(bytes, await member.GetByteArrayAsync(new Uri($"/api/experiments/{newId}/files/{name}", UriKind.Relative)));
            }
        }
    }

    // Rows without their server-local ids (experiment id, row id).
    private static string Strip(JsonElement rows) => JsonSerializer.Serialize(rows.EnumerateArray().Select(r =>
        r.EnumerateObject().Where(p => p.Name is not ("experimentId" or "id")).ToDictionary(p => p.Name, p => p.Value.GetRawText())));
}
