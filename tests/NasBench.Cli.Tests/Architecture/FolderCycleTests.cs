using NasBench.Cli;
using NasBench.TestSupport.Architecture;
using Xunit.Abstractions;

namespace NasBench.Cli.Tests.Architecture;

/// <summary>The CLI's folders use each other without a cycle: the root (the command tree) uses Commands and Client, and
/// all three use Terminal (the one-line errors, the progress bar, the run of a command line); every cycle is printed.</summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    /// <summary>
    /// Pairs of folders that use each other while they wait to be removed: none. (The root ⇄ Client and root ⇄ Commands
    /// pairs went when CliException, ProgressLine and the command-line run moved to Terminal and `submit` parsed with
    /// the tree it belongs to instead of building a new one.) The list may only shrink.
    /// </summary>
    public static readonly (string A, string B)[] PendingCliPairs = [];

    [Fact]
    public void CliFolders_HaveNoCycle_ButThroughThePendingPairs()
    {
        var graph = FolderGraph.Of(typeof(NasBenchCli), "NasBench.Cli");
        output.WriteLine(graph.Describe());
        var rest = graph.Without(PendingCliPairs);
        Assert.True(rest.Cycles().Count == 0, rest.Describe());
        Assert.Contains(("Commands", "Terminal"), graph.Edges.Keys); // the graph is read at all (an empty one has no cycle either)
    }
}
