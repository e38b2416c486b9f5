using NasBench.Core.SearchSpace;
using NasBench.TestSupport.Architecture;
using Xunit.Abstractions;

namespace NasBench.Core.Tests.Architecture;

/// <summary>
/// Core's folders form layers, each using only the ones below it, so each can be read, tested and changed without the
/// ones above: the shared plumbing (root: CSV, JSON, paths, seeds), Statistics, SearchSpace, Options (how a request
/// option is described and checked), Progress (the progress records every runner reports), Presentation (tables and
/// figures as data, palette, numbers), Benchmark, then the two kinds of algorithms, Search and Studies, and on top
/// Experiments (requests, runners, sinks), which runs them.
/// </summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    private const string Fixture = "NasBench.Core.Tests.Architecture.CycleFixture";

    [Fact]
    public void CoreFolders_HaveNoCycle()
    {
        var graph = FolderGraph.Of(typeof(ModelSpec), "NasBench.Core");
        output.WriteLine(graph.Describe());
        Assert.True(graph.Cycles().Count == 0, graph.Describe());
    }

    [Fact]
    public void CoreFolders_UseOnlyLowerFolders()
    {
        string[] layers = [FolderGraph.RootFolder, "Statistics", "SearchSpace", "Options", "Progress", "Presentation", "Benchmark", "Search", "Studies", "Experiments"];
        var graph = FolderGraph.Of(typeof(ModelSpec), "NasBench.Core");
        var upward = graph.Edges
            .Where(e => Array.IndexOf(layers, e.Key.From) < Array.IndexOf(layers, e.Key.To))
            .Select(e => $"{e.Key.From} → {e.Key.To}: {e.Value.FromType} uses {e.Value.ToType}")
            .ToList();
        Assert.Empty(graph.Folders.Except(layers));
        Assert.True(upward.Count == 0, string.Join('\n', upward));
    }

    [Fact]
    public void Graph_SeesBodiesGenericArgumentsAttributesAndClosures_AndNamesTheCycle()
    {
        var graph = FolderGraph.Read(typeof(FolderCycleTests).Assembly.Location, Fixture);
        Assert.Equal($"{Fixture}.Body.BodyUser", graph.Edges[("Body", "Target")].FromType);
        Assert.Equal($"{Fixture}.Target.Thing", graph.Edges[("Generic", "Target")].ToType);
        Assert.Equal($"{Fixture}.Attribute.Marked", graph.Edges[("Attribute", "Target")].FromType);
        Assert.Equal($"{Fixture}.Lambda.Closure", graph.Edges[("Lambda", "Target")].FromType);
        Assert.Equal($"{Fixture}.Target.Thing", graph.Edges[("Target", "Body")].FromType);
        Assert.False(graph.Edges.ContainsKey(("Target", "Generic")));

        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["Body", "Target"], cycle);
        Assert.Equal([("Body", "Target")], graph.MutualPairs());
        Assert.Contains($"Body → Target ⇄: {Fixture}.Body.BodyUser uses {Fixture}.Target.Thing", graph.Describe(), StringComparison.Ordinal);
        Assert.Empty(graph.Without([("Target", "Body")]).Cycles());
    }
}
