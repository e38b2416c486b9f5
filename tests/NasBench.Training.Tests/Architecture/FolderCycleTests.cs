using NasBench.TestSupport.Architecture;
using NasBench.Training.Networks;
using Xunit.Abstractions;

namespace NasBench.Training.Tests.Architecture;

/// <summary>NasBench.Training's folders (Networks, Data, Trainers, Experiments, …) use each other without a cycle.</summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    [Fact]
    public void TrainingFolders_HaveNoCycle()
    {
        var graph = FolderGraph.Of(typeof(Cell), "NasBench.Training");
        output.WriteLine(graph.Describe());
        Assert.True(graph.Cycles().Count == 0, graph.Describe());
    }
}
