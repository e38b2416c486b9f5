using NasBench.TestSupport.Architecture;
using NasBench.Training.Networks;
using Xunit.Abstractions;

namespace NasBench.Training.Tests.Architecture;

/// <summary>NasBench.Training's folders (Networks, Data, Trainers, Experiments, …) use each other without a cycle,
/// except for the pairs listed while they wait to be removed; every cycle is printed.</summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    /// <summary>
    /// Pairs of folders that use each other, found by this test and not yet removed (issue 19 did not name them):
    /// Advisor's request derives from Experiments' TrainingRequestBase while Experiments' TrainingExperiments registers
    /// Advisor's runner. Moving the registry (or Advisor's request and runner) so that one folder uses the other empties it.
    /// </summary>
    public static readonly (string A, string B)[] PendingTrainingPairs = [("Advisor", "Experiments")];

    [Fact]
    public void TrainingFolders_HaveNoCycle_ButThroughThePendingPairs()
    {
        var graph = FolderGraph.Of(typeof(Cell), "NasBench.Training");
        output.WriteLine(graph.Describe());
        var rest = graph.Without(PendingTrainingPairs);
        Assert.True(rest.Cycles().Count == 0, rest.Describe());
    }
}
