using System.Collections.Concurrent;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Networks;
using NasBench.Training.Trainers;

namespace NasBench.Training.Tests.Trainers;

/// <summary>Two trainings in one process never change each other's results (TorchSharp's thread count and global generator are process-wide).</summary>
[Collection(nameof(TrainingCollection))]
public sealed class TrainingWorkerTests : IDisposable
{
    private static readonly NetworkOptions Narrow = new(StemChannels: 8, CellsPerStack: 1, InputChannels: 1);
    private static readonly TrainingRecipe Recipe = TrainingRecipe.SeedPaper with { Epochs = 2, LearningRate = 0.05 };
    private static readonly ModelSpec Other = ModelSpec.Parse("0100001000010000", "input,maxpool3x3,conv3x3-bn-relu,output");
    private readonly DatasetSplits all = FashionMnist.Load(FashionMnist.DebianDirectory);

    private DatasetSplits Data => all.Subset(512, 256);

    public void Dispose() => all.Dispose();

    private Task<TrainingResult> A(TrainingWorker worker, ConcurrentQueue<string>? log = null) =>
        worker.TrainAsync(Tiny.Cell, Narrow, Data, Recipe, new TrainingOptions("cpu", 1, Seed: 3), log is null ? null : new TestProgress(_ => log.Enqueue("A")), CancellationToken.None);

    // Another seed and another thread count: if either leaked into A, A's numbers would change.
    private Task<TrainingResult> B(TrainingWorker worker, ConcurrentQueue<string>? log = null) =>
        worker.TrainAsync(Other, Narrow, Data, Recipe, new TrainingOptions("cpu", 2, Seed: 11), log is null ? null : new TestProgress(_ => log.Enqueue("B")), CancellationToken.None);

    private static IEnumerable<(double, double, double)> Numbers(TrainingResult r) => r.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestAccuracy));

    [Fact]
    public async Task TwoTrainingsOneAfterTheOther_GiveWhatEachGivesAlone()
    {
        var worker = new TrainingWorker();
        var alone = await A(worker);
        var b = await B(worker);
        var again = await A(worker);
        Assert.Equal(Numbers(alone), Numbers(again));
        Assert.NotEqual(Numbers(alone), Numbers(b));
    }

    [Fact]
    public async Task TwoWorkersStartedTogether_GiveWhatEachGivesAlone_OneAtATime()
    {
        var aloneA = await A(new TrainingWorker());
        var aloneB = await B(new TrainingWorker());
        var log = new ConcurrentQueue<string>();
        var (first, second) = (new TrainingWorker(), new TrainingWorker());
        var both = await Task.WhenAll(B(first, log), A(second, log));
        Assert.Equal(Numbers(aloneB), Numbers(both[0]));
        Assert.Equal(Numbers(aloneA), Numbers(both[1]));
        // libtorch's state is per process, so the workers take turns: each training's reports form one block.
        var order = string.Concat(log);
        Assert.Matches("^(A+B+|B+A+)$", order);
    }
}
