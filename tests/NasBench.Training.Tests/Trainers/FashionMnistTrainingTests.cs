using System.Diagnostics;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Networks;
using NasBench.Training.Trainers;
using Xunit.Abstractions;

namespace NasBench.Training.Tests.Trainers;

[Collection(nameof(TrainingCollection))]
public class FashionMnistTrainingTests(ITestOutputHelper output)
{
    internal static readonly NetworkOptions Tiny = new(StemChannels: 16, Stacks: 3, CellsPerStack: 1, InputChannels: 1, BatchNormMomentum: 0.1);

    /// <summary>input → conv3×3 → output plus input → conv1×1 → output (a real V = 4 cell shape).</summary>
    internal static readonly ModelSpec SmallCell = ModelSpec.Parse("0110000100010000", "input,conv3x3-bn-relu,conv1x1-bn-relu,output");

    [Fact]
    public void SeedPaperRecipe_OnRealFashionMnistSubset_LearnsWellAboveChance()
    {
        using var all = FashionMnist.Load(FashionMnist.DebianDirectory);
        Assert.Equal(60000, all.Train.Count);
        Assert.Equal(10000, all.Test.Count);
        var data = all.Subset(4096, 1000);
        // The seed recipe with a larger learning rate, so 2 × 32 steps get somewhere.
        var recipe = TrainingRecipe.SeedPaper with { Epochs = 2, LearningRate = 0.05 };
        var clock = Stopwatch.StartNew();
        var steps = new List<StepProgress>();
        var result = new Trainer(recipe, new TrainingOptions(Device: "cpu", Threads: 1, Seed: 1))
            .Train(SmallCell, Tiny, data, e => { if (e is StepProgress s) { steps.Add(s); } });
        output.WriteLine($"FashionMNIST 4096 train / 1000 test, stem 16, 3×1 cells, 2 epochs: test {result.TestAccuracy:F4}, train {result.TrainAccuracy:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(64, steps.Count);
        Assert.Equal(2, result.Epochs.Count);
        Assert.True(result.TestAccuracy > 0.5, $"test accuracy {result.TestAccuracy}");
        Assert.Null(result.ValidationAccuracy);
        Assert.Equal(Tiny.ExpectedParameters(SmallCell.Cell), result.TrainableParameters);
        Assert.Equal("cpu", result.Device);
    }
}
