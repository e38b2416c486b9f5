using System.Text.Json;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Training.Data;
using NasBench.Training.Experiments;
using NasBench.Training.Tests.Trainers;

namespace NasBench.Training.Tests.Experiments;

[Collection(nameof(TrainingCollection))]
public sealed class TrainingRunnerTests
{
    /// <summary>Stem 8, one cell per stack, 512 real FashionMNIST images (4 steps an epoch), 256 test images, one thread.</summary>
    internal static readonly TrainingRequest Request = new()
    {
        Adjacency = Tiny.Cell.AdjacencyString,
        Operations = Tiny.Cell.OperationsString,
        DataDir = FashionMnist.DebianDirectory,
        Epochs = 3,
        Lr = 0.05,
        Device = "cpu",
        Threads = 1,
        StemChannels = 8,
        CellsPerStack = 1,
        TrainImages = 512,
        TestImages = 256,
    };

    [Fact]
    public async Task Run_WritesEpochsStepsAndArtifacts_AndReportsFractionAndRemaining()
    {
        var sink = new MemorySink();
        var reports = new List<ExperimentProgress>();
        var outcome = await new TrainingRunner().RunAsync(Request, sink, new TestProgress(reports.Add), CancellationToken.None);

        Assert.Equal((ExperimentStatus.Succeeded, false), (outcome.Status, outcome.Partial));
        Assert.Equal([1, 2, 3], sink.Epochs.Select(e => e.Epoch));
        Assert.Equal(Enumerable.Range(1, 4).SelectMany(_ => new[] { 1, 2, 3 }).Order(), sink.Steps.Select(s => s.Epoch).Order());
        var steps = reports.Where(r => r.Step is not null).ToList();
        Assert.Equal(12, steps.Count);
        Assert.All(steps, s => Assert.NotNull(s.Remaining));
        Assert.All(steps, s => Assert.InRange(s.Fraction, 0.0, 0.999));
        Assert.Equal((1.0, TimeSpan.Zero), (reports[^1].Fraction, reports[^1].Remaining));
        using var json = JsonDocument.Parse(sink.Text("result.json")!);
        Assert.Equal(sink.Epochs[^1].TestAccuracy, json.RootElement.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(3, json.RootElement.GetProperty("epochs").GetInt32());
        Assert.Equal("precise", json.RootElement.GetProperty("batch_norm_statistics").GetString());
        Assert.Contains(TrainingRunner.PreciseBatchNormNote, outcome.Notes);
        var csv = sink.Text("epochs.csv")!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("epoch,epochs,train_loss,train_accuracy,validation_accuracy,test_accuracy,seconds", csv[0]);
        Assert.Equal(4, csv.Length);
        Assert.StartsWith("3,3,", csv[3]);
    }

    [Fact]
    public async Task Cancel_AfterTheFirstEpoch_StopsWithinOneBatch_WithEpochOneInThePartialSink()
    {
        var sink = new MemorySink();
        using var cancel = new CancellationTokenSource();
        var stepsAfterCancel = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TrainingRunner().RunAsync(Request, sink, new TestProgress(p =>
        {
            if (p.Epoch is { Epoch: 1 })
            {
                cancel.Cancel();
            }
            else if (p.Step is not null && cancel.IsCancellationRequested)
            {
                stepsAfterCancel++;
            }
        }), cancel.Token));

        Assert.Equal(0, stepsAfterCancel);
        Assert.Equal([1], sink.Epochs.Select(e => e.Epoch));
        Assert.Equal(4, sink.Steps.Count);
        Assert.Equal((ExperimentStatus.Cancelled, true), (sink.Outcome!.Status, sink.Outcome.Partial));
        Assert.False(sink.Artifacts.ContainsKey("result.json"));
    }

    [Fact]
    public async Task MissingData_SaysWhereItLookedAndWhatFixesIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "nasbench-no-data-" + Guid.NewGuid().ToString("N"));
        // The request's rule refuses a missing folder before anything is loaded.
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => new TrainingRunner().RunAsync(Request with { Dataset = "cifar10", DataDir = missing }, new MemorySink(), null, CancellationToken.None));
        Assert.Contains(missing, e.Message);
        Assert.Contains("--download", e.Message);
        Assert.Contains("--data-dir", e.Message);
    }
}
