using NasBench.Core.Benchmark.Query;
using NasBench.Core.Search;
using NasBench.Training.Predictors;

namespace NasBench.Training.Tests.Predictors;

/// <summary>NPENAS's predictor (NASLib's <c>bananas</c> MLP ensemble as <see cref="NpenasSearchOptions.NaslibEnsemble"/>
/// sets the shared <see cref="NeuralPredictor"/>): three members over all 364 paths that learn a known function, and
/// npenas with it reproduces from its seed.</summary>
[Collection(nameof(TrainingCollection))]
public class NpenasPredictorTests
{
    [Fact]
    public void Fit_NaslibSettings_ThreeMembersLearnAKnownFunctionOfAllPaths()
    {
        using var ensemble = new NeuralPredictor(NpenasSearchOptions.NaslibEnsemble, seed: 3);
        var test = PathFunction.AssertLearnsKnown(ensemble, PathEncoding.PathCount, new double[200], (cells, into) => ensemble.Predict(cells, into));
        Assert.Equal(3, ensemble.PredictMembers(test).Length);
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
