using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Training.Data;
using NasBench.Training.Networks;
using NasBench.Training.Tests.Data;
using NasBench.Training.Trainers;

namespace NasBench.Training.Tests.Trainers;

[Collection(nameof(TrainingCollection))]
public sealed class TrainerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nasbench-trainer-").FullName;

    [Fact]
    public async Task NasBenchRecipe_OnCifar10Layout_ReportsStepsEpochsAndValidation()
    {
        using var data = Cifar10.Load(Cifar10Tests.WriteArchive(root));
        var recipe = TrainingRecipe.NasBench with { Epochs = 2, BatchSize = 16 };
        var events = new List<ExperimentProgress>();
        var result = await new TrainingWorker().TrainAsync(Tiny.Cell, new NetworkOptions(StemChannels: 8, CellsPerStack: 1), data, recipe,
            new TrainingOptions("cpu", 1, Seed: 5), new TestProgress(events.Add), CancellationToken.None);
        var steps = events.Where(e => e.Step is not null).ToList();
        Assert.Equal(6, steps.Count); // 48 images / 16 per batch × 2 epochs
        Assert.Equal(0.2, steps[0].Step!.LearningRate, 12);
        Assert.Equal(0.1 * (1 + Math.Cos(Math.PI * 5 / 6)), steps[^1].Step!.LearningRate, 12);
        Assert.All(steps, s => Assert.True(double.IsFinite(s.Step!.Loss) && s.Step.ImagesPerSecond > 0));
        // The fraction counts the evaluations too: it rises with every report and reaches 1 when the last epoch is evaluated.
        Assert.All(events.Zip(events.Skip(1)), p => Assert.True(p.Second.Fraction > p.First.Fraction));
        Assert.True(steps[^1].Fraction < 1);
        Assert.Equal(1.0, events[^1].Fraction);
        Assert.Equal([1, 2], events.Where(e => e.Epoch is not null).Select(e => e.Epoch!.Epoch));
        Assert.NotNull(result.ValidationAccuracy);
        Assert.InRange(result.ValidationAccuracy!.Value, 0, 1);
        Assert.Equal(("cpu", 5, "nasbench"), (result.Device, result.Seed, result.Recipe));
        Assert.StartsWith("0.107", result.TorchSharpVersion);
    }

    [Fact]
    public async Task Train_StopsBetweenStepsWhenCancelled()
    {
        using var data = Cifar10.Load(Cifar10Tests.WriteArchive(root));
        using var cancel = new CancellationTokenSource();
        int steps = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TrainingWorker().TrainAsync(Tiny.Cell, new NetworkOptions(StemChannels: 8, CellsPerStack: 1), data,
            TrainingRecipe.SeedPaper with { Epochs = 1, BatchSize = 8 }, new TrainingOptions("cpu", 1),
            new TestProgress(e => { if (e.Step is not null && ++steps == 2) { cancel.Cancel(); } }), cancel.Token));
        Assert.Equal(2, steps);
    }

    /// <summary>
    /// A few epochs of the real trainer (forward, backward, optimizer, precise batch norm, evaluation) while another thread
    /// forces collections (<see cref="CollectingThread"/>): no Scalar may be finalized under a kernel, and every epoch's
    /// loss and accuracies are bit for bit those of the same training without the collector.
    /// </summary>
    [Theory]
    [InlineData("nasbench")]
    [InlineData("seed-paper")]
    public async Task Train_SurvivesCollectionsFromAnotherThread_SameEpochs(string recipeName)
    {
        using var data = Cifar10.Load(Cifar10Tests.WriteArchive(root));
        var recipe = TrainingRecipe.Named(recipeName) with { Epochs = 3, BatchSize = 8 };
        TrainingEpoch[] Train() =>
            [.. new Trainer(recipe, new TrainingOptions("cpu", 1, Seed: 5)).Train(Tiny.Cell, new NetworkOptions(StemChannels: 8, CellsPerStack: 1), data, null, CancellationToken.None)
                .Epochs.Select(e =>
                {
                    Assert.Equal(Math.Round(e.Seconds, 7), e.Seconds); // the clock's tick, no float noise in result.json
                    return e with { Seconds = 0 };
                })];
        var expected = Train();
        var rounds = await CollectingThread.RunBesideAsync(Train, collections: 3000);
        Assert.All(rounds, actual => Assert.Equal(expected, actual));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
