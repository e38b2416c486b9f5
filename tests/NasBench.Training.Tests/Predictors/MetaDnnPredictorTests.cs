using NasBench.Core.Benchmark.Query;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Training.Predictors;

namespace NasBench.Training.Tests.Predictors;

/// <summary>The meta-DNN: seeded bit for bit, learns a fitted set, and drives alphax reproducibly.</summary>
[Collection(nameof(TrainingCollection))]
public class MetaDnnPredictorTests
{
    private static readonly NeuralPredictorOptions Small = NeuralPredictorOptions.AlphaXMetaDnn with { HiddenSizes = [32, 32], Epochs = 200, BatchSize = 16, LearningRate = 1e-3 };

    private static (List<CellKey> Cells, List<double> Accuracies) Data(int count)
    {
        var random = new Random(5);
        var cells = new List<CellKey>();
        while (cells.Count < count)
        {
            CellSampler.RandomRaw(random, out var pruned);
            cells.Add(pruned);
        }

        // An accuracy the encoding can express: more conv3x3 and more edges, higher.
        return (cells, [.. cells.Select(c => 0.80 + (0.01 * c.EdgeCount) + (0.02 * Enumerable.Range(1, c.VertexCount - 2).Count(v => c.Label(v) == 0)))]);
    }

    private static double[] FitAndPredict(NeuralPredictorOptions options, int seed, List<CellKey> cells, List<double> accuracies)
    {
        using var predictor = new NeuralPredictor(options, seed);
        Assert.False(predictor.IsFitted);
        predictor.Fit(cells, accuracies);
        Assert.True(predictor.IsFitted);
        var predictions = new double[cells.Count];
        predictor.Predict(cells.ToArray(), predictions);
        return predictions;
    }

    [Fact]
    public void Fit_SameSeed_SamePredictions_OtherSeedOther()
    {
        var (cells, accuracies) = Data(40);
        var options = Small with { Epochs = 5 };
        Assert.Equal(FitAndPredict(options, 1, cells, accuracies), FitAndPredict(options, 1, cells, accuracies));
        Assert.NotEqual(FitAndPredict(options, 1, cells, accuracies), FitAndPredict(options, 2, cells, accuracies));
    }

    [Fact]
    public void Fit_LearnsTheTrainingSet_BetterThanItsMean()
    {
        var (cells, accuracies) = Data(100);
        var predictions = FitAndPredict(Small with { EnsembleSize = 2 }, 3, cells, accuracies);
        double mean = accuracies.Average();
        double model = accuracies.Select((a, i) => (a - predictions[i]) * (a - predictions[i])).Average();
        double baseline = accuracies.Select(a => (a - mean) * (a - mean)).Average();
        Assert.True(model < baseline / 2, $"MSE {model} vs the mean's {baseline}");
    }

    [Fact]
    public void AlphaX_WithTheMetaDnn_SameSeedSameTrajectory()
    {
        var tables = new BenchmarkTables(NasBench.Core.Benchmark.InMemoryBenchmarkData.Synthetic(Transfer.RealRecordsStore.Space, seed: 1));
        var options = new AlphaXSearchOptions { Predictor = MetaDnnPredictorFactory.Default, MetaDnn = Small with { Epochs = 3 }, RetrainEvery = 20 };
        var config = new SearchConfiguration(options, SearchBudget.OfQueries(60), SearchProtocol.NasBench101, 11);
        var a = SearchRunner.Run(config, tables);
        var b = SearchRunner.Run(config, tables);
        Assert.Equal(60, a.Final.Step);
        Assert.Equal(a.Trajectory.Select(p => p with { WallClockSeconds = 0 }), b.Trajectory.Select(p => p with { WallClockSeconds = 0 }));
    }
}
