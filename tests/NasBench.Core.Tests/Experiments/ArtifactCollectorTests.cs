using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Tests.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Experiments;

/// <summary>The production in-memory sink (what `nasbench train` without --out and the lab's correlation table use):
/// the same files and figures as the test suite's reference sink, and no rows.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class ArtifactCollectorTests(SpaceFixture space) : IDisposable
{
    private readonly BenchmarkProvider _provider = new(space.Index);

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task Correlate_KeepsTheFilesAndTheFigureOfTheReferenceSink_ByteForByte()
    {
        var request = new CorrelateRequest { File = SharedData.RealData("seed_paper_accuracies.csv"), X = "cifar_acc_108", Y = "mnist_test_acc", Bootstrap = 50 };
        var reference = new MemorySink();
        var collected = new ArtifactCollector();
        await CorrelateRunner.RunStudyAsync(request, reference, CancellationToken.None);
        await CorrelateRunner.RunStudyAsync(request, collected, CancellationToken.None);

        Assert.Equal(reference.Artifacts.Keys.Order(StringComparer.Ordinal), collected.Artifacts.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, artifact) in reference.Artifacts)
        {
            Assert.Equal(artifact.Content.ToArray(), collected.Artifacts[name].Content.ToArray());
            Assert.Equal(reference.Text(name), collected.Text(name));
        }

        var figure = Assert.Single(collected.Figures);
        Assert.Equal(reference.Figures[0].Name, figure.Name);
        Assert.Equal(reference.Figures[0].Panels[0].Series.Select(s => s.Name), figure.Panels[0].Series.Select(s => s.Name));
        Assert.Equal(reference.Outcome?.Status, collected.Outcome?.Status);
        Assert.Equal(reference.Outcome?.Notes, collected.Outcome?.Notes);
    }

    [Fact]
    public async Task Search_KeepsItsFiles_DropsItsRows_AndNamesAFileItNeverGot()
    {
        var collected = new ArtifactCollector();
        var request = new SearchRequest { Algorithm = "random", Records = SharedData.RealData(SearchData.RecordsFile), Queries = 50, Runs = 2 };
        await new SearchExperimentRunner(_provider).RunAsync(request, collected, null, CancellationToken.None);

        Assert.Contains("trajectories.csv", collected.Artifacts.Keys);
        Assert.StartsWith("algorithm,", collected.Text("trajectories.csv"), StringComparison.Ordinal);
        Assert.Equal(ExperimentStatus.Succeeded, collected.Outcome?.Status);
        Assert.Empty(await collected.ReadTrainedCellsAsync(CancellationToken.None));
        Assert.Equal("The run wrote no result.json.", Assert.Throws<KeyNotFoundException>(() => collected.Text("result.json")).Message);
    }

    [Fact]
    public void MemorySink_IsTestSupport_NotProductionCode() =>
        Assert.Null(typeof(ArtifactCollector).Assembly.GetTypes().FirstOrDefault(t => t.Name == "MemorySink"));
}
