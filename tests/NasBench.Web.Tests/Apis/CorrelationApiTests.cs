using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Apis;

/// <summary>GET /api/correlation: a CSV on the server gives the seed paper's Table 1; a correlate experiment gives the
/// numbers of its own correlate.json; paths outside the allowed folders are refused.</summary>
[Collection(LabCollection.Name)]
public sealed class CorrelationApiTests(LabServer lab)
{
    private static string SeedPaperCsv => Path.Combine(Path.GetDirectoryName(LabServer.RecordsCsv)!, "seed_paper_accuracies.csv");

    [Fact]
    public async Task Csv_GivesTable1_FashionMnistAgainstCifar10()
    {
        using var member = lab.With(lab.MemberToken);
        var view = await member.GetFromJsonAsync<JsonElement>($"/api/correlation?file={Uri.EscapeDataString(SeedPaperCsv)}&y=mnist_test_acc&x=cifar_acc_12,cifar_acc_36,cifar_acc_108&bootstrap=200");
        var columns = view.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal([12, 36, 108], columns.Select(c => c.GetProperty("epochs").GetInt32()));
        Assert.Equal([0.2083, 0.7898, 0.9349], columns.Select(c => Math.Round(c.GetProperty("mean").GetProperty("pearson").GetProperty("r").GetDouble(), 4)));
        Assert.All(columns, c => Assert.Equal(143, c.GetProperty("mean").GetProperty("n").GetInt32()));
        // The scatter is Core's: the points and the least-squares line.
        var series = columns[2].GetProperty("scatter").GetProperty("panels")[0].GetProperty("series");
        Assert.Equal(2, series.GetArrayLength());
        Assert.Equal(143, series[0].GetProperty("x").GetArrayLength());
        // Beyond Table 1: top-k overlap at 5/10/20 %, transfer regret and the planner (the numbers study correlate writes to transfer.txt).
        var transfer = columns[2].GetProperty("transfer");
        Assert.Equal([7, 14, 29], transfer.GetProperty("overlaps").EnumerateArray().Select(o => o.GetProperty("k").GetInt32()));
        Assert.Equal(4, transfer.GetProperty("regret").GetProperty("chosenRank").GetInt32());
        Assert.Equal(50, transfer.GetProperty("plan").GetProperty("cellsNeeded").GetInt32());
    }

    [Fact]
    public async Task Csv_OutsideTheAllowedFolders_OrAMissingColumn_IsRefused()
    {
        using var member = lab.With(lab.MemberToken);
        var outside = await member.GetAsync(new Uri("/api/correlation?file=%2Fetc%2Fpasswd&y=a&x=b", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("must be a file under", await outside.Content.ReadAsStringAsync());
        var column = await member.GetAsync(new Uri($"/api/correlation?file={Uri.EscapeDataString(SeedPaperCsv)}&y=mnist_test_acc&x=nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, column.StatusCode);
        Assert.Contains("has no column 'nope'", await column.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CorrelateExperiment_GivesTheNumbersOfItsCorrelateJson()
    {
        using var member = lab.With(lab.MemberToken);
        string body = JsonSerializer.Serialize(new { kind = "correlate", file = SeedPaperCsv, x = "cifar_acc_108", y = "mnist_test_acc", bootstrap = 300, seed = 2 });
        var launched = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(body));
        Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);
        long id = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var done = await lab.WaitForAsync(member, id, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var file = JsonDocument.Parse(await member.GetStringAsync(new Uri($"/api/experiments/{id}/files/correlate.json", UriKind.Relative))).RootElement;
        var view = await member.GetFromJsonAsync<JsonElement>($"/api/correlation/{id}");
        var mean = Assert.Single(view.GetProperty("columns").EnumerateArray()).GetProperty("mean");
        foreach (string k in new[] { "pearson", "spearman", "kendall" })
        {
            Assert.Equal(file.GetProperty(k).GetProperty("r").GetDouble(), mean.GetProperty(k).GetProperty("r").GetDouble());
            Assert.Equal(file.GetProperty(k).GetProperty("ci_low").GetDouble(), mean.GetProperty(k).GetProperty("ciLow").GetDouble());
        }
    }
}
