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
    public void NasBenchRecipe_OnCifar10Layout_ReportsStepsEpochsAndValidation()
    {
        using var data = Cifar10.Load(Cifar10Tests.WriteArchive(root));
        var recipe = TrainingRecipe.NasBench with { Epochs = 2, BatchSize = 16 };
        var events = new List<TrainingEvent>();
        var result = new Trainer(recipe, new TrainingOptions("cpu", 1, Seed: 5)).Train(FashionMnistTrainingTests.SmallCell,
            new NetworkOptions(StemChannels: 8, CellsPerStack: 1), data, events.Add);
        var steps = events.OfType<StepProgress>().ToList();
        Assert.Equal(6, steps.Count); // 48 images / 16 per batch × 2 epochs
        Assert.Equal(0.2, steps[0].LearningRate, 12);
        Assert.Equal(0.1 * (1 + Math.Cos(Math.PI * 5 / 6)), steps[^1].LearningRate, 12);
        Assert.All(steps, s => Assert.True(double.IsFinite(s.Loss) && s.ImagesPerSecond > 0));
        Assert.Equal([1, 2], events.OfType<EpochProgress>().Select(e => e.Epoch));
        Assert.NotNull(result.ValidationAccuracy);
        Assert.InRange(result.ValidationAccuracy!.Value, 0, 1);
        Assert.Equal(("cpu", 5, "nasbench"), (result.Device, result.Seed, result.Recipe));
        Assert.StartsWith("0.107", result.TorchSharpVersion);
    }

    [Fact]
    public void Train_StopsBetweenStepsWhenCancelled()
    {
        using var data = Cifar10.Load(Cifar10Tests.WriteArchive(root));
        using var cancel = new CancellationTokenSource();
        int steps = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(TrainingRecipe.SeedPaper with { Epochs = 1, BatchSize = 8 }, new TrainingOptions("cpu", 1))
            .Train(FashionMnistTrainingTests.SmallCell, new NetworkOptions(StemChannels: 8, CellsPerStack: 1), data,
                e => { if (e is StepProgress && ++steps == 2) { cancel.Cancel(); } }, cancel.Token));
        Assert.Equal(2, steps);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
