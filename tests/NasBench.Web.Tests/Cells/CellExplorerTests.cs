using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using NasBench.Core.SearchSpace;

namespace NasBench.Web.Tests.Cells;

/// <summary>The cell explorer over the 30 real records: the best cells in order, a cell's repeats and its neighbours.</summary>
[Collection(LabCollection.Name)]
public sealed partial class CellExplorerTests(LabServer lab)
{
    private static string Source => "records=" + Uri.EscapeDataString(LabServer.RecordsCsv);

    [Fact]
    public async Task TopCells_ThenACell_WithRepeatsAndNeighbours()
    {
        using var viewer = lab.With(lab.ViewerToken);
        Assert.Contains("Only members and admins choose a records file", await viewer.GetStringAsync(new Uri($"/cells?{Source}", UriKind.Relative)));
        using var member = lab.With(lab.MemberToken);
        string list = await member.GetStringAsync(new Uri($"/cells?{Source}&by=test&top=5", UriKind.Relative));
        var hashes = HashLink().Matches(list).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(5, hashes.Count);
        var tests = TestCell().Matches(list).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, tests.Count);
        Assert.Equal(tests.OrderByDescending(t => t), tests);

        string cell = await member.GetStringAsync(new Uri($"/cells/{hashes[0]}?{Source}", UriKind.Relative));
        Assert.Contains(hashes[0], cell);
        Assert.Equal(3, Regex.Count(cell, "<tr[^>]*><td[^>]*>108</td>"));
        int neighbours = Regex.Count(cell, "class=\"neighbour\"");
        Assert.InRange(neighbours, 1, CellSampler.MaxNeighbours);
        Assert.Contains("\"kind\":\"training\"", System.Net.WebUtility.HtmlDecode(cell));

        var missing = await member.GetAsync(new Uri($"/cells/not-a-hash?{Source}", UriKind.Relative));
        Assert.Contains("is not the hash of a cell", await missing.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Top_IsTheHeldCellsSortedByMeanAccuracy_TiesByIndex(bool byTest)
    {
        var provider = lab.Services.GetRequiredService<NasBench.Core.Experiments.BenchmarkProvider>();
        var benchmark = await provider.OpenAsync(new NasBench.Core.Experiments.BenchmarkSource(Records: LabServer.RecordsCsv));
        var tables = benchmark.TablesAt(108);
        var expected = tables.Held.OrderByDescending(c => byTest ? tables.MeanTest(c) : tables.MeanValidation(c)).ThenBy(c => c).Take(12).ToList();
        Assert.Equal(expected, global::NasBench.Web.Services.CellsExplorer.Top(benchmark, 108, byTest, 12).Select(r => r.Index));
        Assert.Same(global::NasBench.Web.Services.CellsExplorer.Ranking(tables, byTest), global::NasBench.Web.Services.CellsExplorer.Ranking(tables, byTest));
        Assert.Equal(30, global::NasBench.Web.Services.CellsExplorer.Top(benchmark, 108, byTest, 1000).Count);
    }

    [GeneratedRegex("<a href=\"/cells/([0-9a-f]{32})\\?")]
    private static partial Regex HashLink();

    [GeneratedRegex("<td[^>]*>[0-9.]+[^<]*%</td>\\s*<td[^>]*>([0-9.]+)[^<]*%</td>")]
    private static partial Regex TestCell();
}
