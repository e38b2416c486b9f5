using NasBench.TestSupport.Architecture;
using NasBench.Web.Live;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Architecture;

/// <summary>
/// The web project's folders (Account, Apis, Components, Data, Extensions, Jobs, Live, Services) use each other without
/// a cycle, except for the pairs listed here while they are being removed; every cycle is printed.
/// </summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    /// <summary>
    /// Empty since the last pair went (issue 19): Jobs⇄Services, where Jobs wrote the audit list and read the benchmark
    /// through Services' AuditLog and BenchmarkInfo (both now in Data, below Jobs and Services) while Services launched
    /// through Jobs' ExperimentLauncher. Apis⇄Jobs, Extensions⇄Jobs and the four Extensions pairs went before. A new pair
    /// fails the test; none may be added here.
    /// </summary>
    public static readonly (string A, string B)[] PendingWebPairs = [];

    private static readonly (string A, string B)[] Listed = PendingWebPairs;

    private static FolderGraph Graph() => FolderGraph.Of(typeof(ExperimentNotifier), "NasBench.Web");

    [Fact]
    public void WebFolders_UseEachOther_OnlyInTheListedPairs()
    {
        var graph = Graph();
        output.WriteLine(graph.Describe());
        var unlisted = graph.MutualPairs().Except(Listed).ToList();
        Assert.True(unlisted.Count == 0, $"not listed: {string.Join(", ", unlisted)}\n{graph.Describe()}");
        // The list only shrinks: a pair that no longer uses each other leaves it.
        var stale = Listed.Except(graph.MutualPairs()).ToList();
        Assert.True(stale.Count == 0, $"listed but no longer mutual (remove them): {string.Join(", ", stale)}");
    }

    [Fact]
    public void WebFolders_HaveNoCycle_ButThroughTheListedPairs()
    {
        var rest = Graph().Without(Listed);
        Assert.True(rest.Cycles().Count == 0, rest.Describe());
    }

    [Fact]
    public void Live_UsesData_AndDataDoesNotUseLive()
    {
        var graph = Graph();
        Assert.True(graph.Edges.ContainsKey(("Live", "Data")));
        Assert.False(graph.Edges.TryGetValue(("Data", "Live"), out var example), $"Data uses Live: {example.FromType} uses {example.ToType}");
    }
}
