using System.Diagnostics;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Training.Data;
using NasBench.Training.Trainers;
using Xunit.Abstractions;

namespace NasBench.Training.Tests.Trainers;

[Collection(nameof(TrainingCollection))]
public sealed class FashionMnistTrainingTests(ITestOutputHelper output) : IDisposable
{
    private readonly DatasetSplits all = FashionMnist.Load(FashionMnist.DebianDirectory);

    public void Dispose() => all.Dispose();

    [Fact]
    public async Task SeedPaperRecipe_OnRealFashionMnistSubset_LearnsWellAboveChance()
    {
        Assert.Equal(60000, all.Train.Count);
        Assert.Equal(10000, all.Test.Count);
        using var data = all.Subset(4096, 1000);
        // The seed recipe with a larger learning rate, so 2 × 32 steps get somewhere.
        var recipe = TrainingRecipe.SeedPaper with { Epochs = 2, LearningRate = 0.05 };
        var clock = Stopwatch.StartNew();
        var steps = new List<TrainingStep>();
        var result = await new TrainingWorker().TrainAsync(Tiny.Cell, Tiny.Network, data, recipe, new TrainingOptions("cpu", 1, Seed: 1),
            new TestProgress(p => { if (p.Step is { } s) { steps.Add(s); } }), CancellationToken.None);
        output.WriteLine($"FashionMNIST 4096 train / 1000 test, stem 16, 3×1 cells, 2 epochs: test {result.TestAccuracy:F4}, train {result.TrainAccuracy:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(64, steps.Count);
        Assert.Equal(2, result.Epochs.Count);
        Assert.True(result.TestAccuracy > 0.5, $"test accuracy {result.TestAccuracy}");
        Assert.Null(result.ValidationAccuracy);
        Assert.Equal(Tiny.Network.ExpectedParameters(Tiny.Cell.Cell), result.TrainableParameters);
        Assert.Equal("cpu", result.Device);
    }

    /// <summary>
    /// 8 steps with BN momentum 0.003: the running statistics still hold 97.6 % of their initial 0/1, so evaluation
    /// with them is at chance; precise BN (recomputed over 512 training images) shows what the weights learnt.
    /// </summary>
    [Fact]
    public async Task ShortRun_WithPreciseBatchNorm_IsWellAboveChance_WhereRunningStatisticsGiveChance()
    {
        using var data = all.Subset(1024, 1000);
        var recipe = TrainingRecipe.SeedPaper with { Epochs = 1, LearningRate = 0.05 };
        var clock = Stopwatch.StartNew();
        var precise = await new TrainingWorker().TrainAsync(Tiny.Cell, Tiny.Network, data, recipe, new TrainingOptions("cpu", 1, Seed: 1), null, CancellationToken.None);
        var running = await new TrainingWorker().TrainAsync(Tiny.Cell, Tiny.Network, data, recipe, new TrainingOptions("cpu", 1, Seed: 1, PreciseBatchNorm: false), null, CancellationToken.None);
        output.WriteLine($"1024 images, 8 steps: test {precise.TestAccuracy:F3} with precise BN, {running.TestAccuracy:F3} with the running averages; train {precise.TrainAccuracy:F3}; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(precise.PreciseBatchNorm);
        Assert.False(running.PreciseBatchNorm);
        Assert.Equal(precise.TrainAccuracy, running.TrainAccuracy); // the same training: precise BN changes only the evaluation
        Assert.True(running.TestAccuracy < 0.15, $"running statistics: {running.TestAccuracy}");
        Assert.True(precise.TestAccuracy > 0.25, $"precise BN: {precise.TestAccuracy}"); // measured 0.322 (chance: 0.1)
    }

    [Fact]
    public void PreciseBatchNorm_IsNeededOnlyWhileTheInitialStatisticsStillWeighMoreThanOnePercent()
    {
        Assert.True(PreciseBatchNorm.IsNeeded(0.003, 78));     // 1 epoch of 10,000 images at batch 128
        Assert.True(PreciseBatchNorm.IsNeeded(0.003, 1532));
        Assert.False(PreciseBatchNorm.IsNeeded(0.003, 1534));
        Assert.False(PreciseBatchNorm.IsNeeded(0.003, 108 * (40_000 / 256))); // the table's 108-epoch recipe: 16,848 steps
        Assert.False(PreciseBatchNorm.IsNeeded(0.003, 12 * (40_000 / 256)));  // even its 12-epoch budget (1,872 steps)
        Assert.True(PreciseBatchNorm.IsNeeded(0.1, 43));
        Assert.False(PreciseBatchNorm.IsNeeded(0.1, 44));
    }
}
