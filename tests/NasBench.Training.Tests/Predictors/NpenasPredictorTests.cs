using NasBench.Core.Benchmark.Query;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Training.Predictors;

namespace NasBench.Training.Tests.Predictors;

/// <summary>NPENAS's predictor (NASLib's <c>bananas</c> MLP ensemble as <see cref="NpenasSearchOptions.NaslibEnsemble"/>
/// sets the shared <see cref="NeuralPredictor"/>): three members over all 364 paths that learn a known function, and
/// npenas with it reproduces from its seed.</summary>
[Collection(nameof(TrainingCollection))]
public class NpenasPredictorTests
{
    private static double Known(CellKey cell) => PathFunction.Known(cell, PathEncoding.PathCount);

    private static List<CellKey> Cells(int count, int seed) => PathFunction.Cells(count, seed);

    [Fact]
    public void Fit_NaslibSettings_ThreeMembersLearnAKnownFunctionOfAllPaths()
    {
        var train = Cells(120, 1);
        var test = Cells(200, 2);
        using var ensemble = new NeuralPredictor(NpenasSearchOptions.NaslibEnsemble, seed: 3);
        ensemble.Fit(train, [.. train.Select(Known)]);

        var mean = new double[test.Count];
        ensemble.Predict(test.ToArray(), mean);
        double truthMean = train.Select(Known).Average();
        double model = test.Select((c, i) => Math.Abs(Known(c) - mean[i])).Average();
        double baseline = test.Select(c => Math.Abs(Known(c) - truthMean)).Average();
        Assert.True(model < baseline / 2, $"MAE {model:F5} on unseen cells vs the training mean's {baseline:F5}");
        Assert.Equal(3, ensemble.PredictMembers(test.ToArray()).Length);
    }

    [Fact]
    public void Npenas_WithTheRealPredictor_SameSeedSameTrajectory()
    {
        var tables = new BenchmarkTables(NasBench.Core.Benchmark.InMemoryBenchmarkData.Synthetic(Transfer.RealRecordsStore.Space, seed: 1));
        var options = new NpenasSearchOptions { Predictor = MetaDnnPredictorFactory.Default, Ensemble = NpenasSearchOptions.NaslibEnsemble with { Epochs = 20 } };
        var config = new SearchConfiguration(options, SearchBudget.OfQueries(40), SearchProtocol.MeanOfThree, 11);
        var a = SearchRunner.Run(config, tables);
        var b = SearchRunner.Run(config, tables);
        var c = SearchRunner.Run(config, tables, run: 1);
        Assert.Equal(40, a.Final.Step);
        Assert.Equal(a.Trajectory.Select(p => p with { WallClockSeconds = 0 }), b.Trajectory.Select(p => p with { WallClockSeconds = 0 }));
        Assert.NotEqual(a.Trajectory.Select(p => p.IncumbentCell), c.Trajectory.Select(p => p.IncumbentCell));
    }
}
