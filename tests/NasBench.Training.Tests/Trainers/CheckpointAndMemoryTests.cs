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
    private readonly TrainingWorker worker = new();

    private DatasetSplits? _data;

    // One subset per test (its views are disposed with the class).
    private DatasetSplits Data => _data ??= all.Subset(768, 256);

    [Fact]
    public async Task Resume_AfterCancellation_GivesTheSameResultAsAnUninterruptedRun()
    {
        var straightDir = Path.Combine(root, "straight");
        var straight = await worker.TrainAsync(Tiny.Cell, Tiny.Network, Data, Recipe, new TrainingOptions("cpu", 1, Seed: 3, straightDir), null, CancellationToken.None);

        var resumedDir = Path.Combine(root, "resumed");
        var options = new TrainingOptions("cpu", 1, Seed: 3, resumedDir);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker.TrainAsync(Tiny.Cell, Tiny.Network, Data, Recipe, options,
            new TestProgress(e => { if (e.Epoch is { Epoch: 1 }) { cancel.Cancel(); } }), cancel.Token));
        var epochs = new List<int>();
        var resumed = await worker.TrainAsync(Tiny.Cell, Tiny.Network, Data, Recipe, options, new TestProgress(e => { if (e.Epoch is { } p) { epochs.Add(p.Epoch); } }), CancellationToken.None);

        Assert.Equal([2, 3], epochs);
        Assert.Equal(straight.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestAccuracy)), resumed.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestAccuracy)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(straightDir, "model.bin")), File.ReadAllBytes(Path.Combine(resumedDir, "model.bin")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(straightDir, "optimizer.bin")), File.ReadAllBytes(Path.Combine(resumedDir, "optimizer.bin")));
    }

    [Fact]
    public async Task Training_KeepsTheLiveTensorCountFlatAcrossEpochs()
    {
        // Precise BN runs before each of these evaluations (18 steps with momentum 0.003): its saved statistics must be freed too.
        // torch.Tensor.TotalCount is process-wide: a tensor an earlier test left to the garbage collector is counted until
        // its finalizer runs, and that can happen between two of this training's epochs (a clean-clone run saw 6775, then
        // 6773). Run those finalizers first, so only this training's own tensors can move the count.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var live = new List<long>();
        var result = await worker.TrainAsync(Tiny.Cell, Tiny.Network, Data, Recipe, new TrainingOptions("cpu", 1, Seed: 4),
            new TestProgress(e => { if (e.Epoch is not null) { live.Add(torch.Tensor.TotalCount); } }), CancellationToken.None);
        Assert.True(result.PreciseBatchNorm);
        Assert.Equal(3, live.Count);
        Assert.Equal(live[1], live[2]);
        Assert.Equal(live[0], live[1]);
    }

    public void Dispose()
    {
        _data?.Dispose();
        all.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
