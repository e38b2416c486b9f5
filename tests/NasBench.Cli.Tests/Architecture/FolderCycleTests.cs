using NasBench.Cli;
using NasBench.TestSupport.Architecture;
using Xunit.Abstractions;

namespace NasBench.Cli.Tests.Architecture;

/// <summary>The CLI's folders (Commands, Client and the root's shared pieces) use each other without a cycle.</summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    [Fact]
    public void CliFolders_HaveNoCycle()
    {
        var graph = FolderGraph.Of(typeof(NasBenchCli), "NasBench.Cli");
        output.WriteLine(graph.Describe());
        Assert.True(graph.Cycles().Count == 0, graph.Describe());
    }
}
