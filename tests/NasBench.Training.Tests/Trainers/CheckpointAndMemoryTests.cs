using NasBench.Training.Data;
using NasBench.Training.Trainers;
using TorchSharp;

namespace NasBench.Training.Tests.Trainers;

[Collection(nameof(TrainingCollection))]
public sealed class CheckpointAndMemoryTests : IDisposable
{
    private static readonly TrainingRecipe Recipe = TrainingRecipe.NasBench with { Epochs = 3, BatchSize = 128 };
    private readonly string root = Directory.CreateTempSubdirectory("nasbench-ckpt-").FullName;
    private readonly DatasetSplits all = FashionMnist.Load(FashionMnist.DebianDirectory);

    private DatasetSplits Data => all.Subset(768, 256);

    [Fact]
    public void Resume_AfterCancellation_GivesTheSameResultAsAnUninterruptedRun()
    {
        var straightDir = Path.Combine(root, "straight");
        var straight = new Trainer(Recipe, new TrainingOptions("cpu", 1, Seed: 3, straightDir)).Train(FashionMnistTrainingTests.SmallCell, FashionMnistTrainingTests.Tiny, Data);

        var resumedDir = Path.Combine(root, "resumed");
        var options = new TrainingOptions("cpu", 1, Seed: 3, resumedDir);
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(Recipe, options).Train(
            FashionMnistTrainingTests.SmallCell, FashionMnistTrainingTests.Tiny, Data, e => { if (e is EpochProgress { Epoch: 1 }) { cancel.Cancel(); } }, cancel.Token));
        var epochs = new List<int>();
        var resumed = new Trainer(Recipe, options).Train(FashionMnistTrainingTests.SmallCell, FashionMnistTrainingTests.Tiny, Data, e => { if (e is EpochProgress p) { epochs.Add(p.Epoch); } });

        Assert.Equal([2, 3], epochs);
        Assert.Equal(straight.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestAccuracy)), resumed.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestAccuracy)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(straightDir, "model.bin")), File.ReadAllBytes(Path.Combine(resumedDir, "model.bin")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(straightDir, "optimizer.bin")), File.ReadAllBytes(Path.Combine(resumedDir, "optimizer.bin")));
    }

    [Fact]
    public void Training_KeepsTheLiveTensorCountFlatAcrossEpochs()
    {
        var live = new List<long>();
        new Trainer(Recipe, new TrainingOptions("cpu", 1, Seed: 4)).Train(FashionMnistTrainingTests.SmallCell, FashionMnistTrainingTests.Tiny, Data,
            e => { if (e is EpochProgress) { live.Add(torch.Tensor.TotalCount); } });
        Assert.Equal(3, live.Count);
        Assert.Equal(live[1], live[2]);
        Assert.Equal(live[0], live[1]);
    }

    public void Dispose()
    {
        all.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
