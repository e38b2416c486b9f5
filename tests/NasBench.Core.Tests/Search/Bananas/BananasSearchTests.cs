using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search.Bananas;

/// <summary>A predictor with a known mean and sd per cell (no learning), recording what it was fitted on.</summary>
public sealed class ScoringPredictor(Func<CellKey, double> score, Func<CellKey, double> spread, Action? onFit = null) : IArchitecturePredictor
{
    public bool IsFitted { get; private set; }

    public List<List<CellKey>> Fits { get; } = [];

    public void Fit(IReadOnlyList<CellKey> cells, IReadOnlyList<double> accuracies)
    {
        Fits.Add([.. cells]);
        IsFitted = true;
        onFit?.Invoke();
    }

    public void Predict(ReadOnlySpan<CellKey> cells, Span<double> predictions)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            predictions[i] = score(cells[i]);
        }
    }

    public void PredictDistribution(ReadOnlySpan<CellKey> cells, Span<double> mean, Span<double> standardDeviation)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            mean[i] = score(cells[i]);
            standardDeviation[i] = spread(cells[i]);
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>Hands out one given predictor (or fresh scoring ones) and remembers the options it was asked for.</summary>
public sealed class ScoringPredictorFactory(Func<ScoringPredictor> make) : IArchitecturePredictorFactory
{
    public List<NeuralPredictorOptions> Asked { get; } = [];

    public string Name => "scoring";

    public IArchitecturePredictor Create(NeuralPredictorOptions options, int seed)
    {
        Asked.Add(options);
        return make();
    }
}

/// <summary>BANANAS's loop with stub predictors: ITS's choice by hand, rounds, seeds, cancellation and its registration.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class BananasSearchTests
{
    private static double Score(CellKey cell) => PredictorSearchContract.Score(cell);

    [Fact]
    public void IndependentThompson_HandComputedSamples_BestFirst()
    {
        // Samples mean + sd·z: 0.90 + 0.05·1.0 = 0.95; 0.92 + 0·2.0 = 0.92; 0.91 + 0.01·(−1.5) = 0.895 → 0, 1, 2.
        Assert.Equal([0, 1, 2], BananasSearch.IndependentThompson([0.90, 0.92, 0.91], [0.05, 0.0, 0.01], [1.0, 2.0, -1.5]));

        // Drawn low, the uncertain first candidate drops: 0.90 − 0.05 = 0.85 → 1 (0.92), 2 (0.895), 0.
        Assert.Equal([1, 2, 0], BananasSearch.IndependentThompson([0.90, 0.92, 0.91], [0.05, 0.0, 0.01], [-1.0, 2.0, -1.5]));

        // A large sd wins on a good draw over a better mean: 0.80 + 0.10·1.2 = 0.92 > 0.91.
        Assert.Equal([0, 1], BananasSearch.IndependentThompson([0.80, 0.91], [0.10, 0.001], [1.2, 0.0]));
    }

    [Fact]
    public void Run_StubPredictorWithoutSpread_QueriesTheTopCandidatesBestFirst_RoundsOfTen()
    {
        using var stub = new ScoringPredictor(Score, _ => 0);
        var factory = new ScoringPredictorFactory(() => stub);
        var session = new SearchSession(SearchData.Synthetic, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(50), new Random(3));
        var search = new BananasSearch(new BananasSearchOptions(), factory);
        search.Run(session, new Random(4));

        Assert.Equal(50, session.Queries);
        Assert.Same(NeuralPredictorOptions.BananasEnsemble, Assert.Single(factory.Asked));

        // 10 initial, then a fit before each round of 10: fits on 10, 20, 30, 40 cells (none after the last round).
        Assert.Equal([10, 20, 30, 40], stub.Fits.Select(f => f.Count));
        var queried = stub.Fits[^1];
        Assert.Equal(queried.Count, queried.Select(c => PathEncoding.Key(c)).Distinct().Count());

        // With sd 0, ITS is the mean's order: each round's ten come best first.
        for (int round = 1; round < 4; round++)
        {
            var scores = stub.Fits[round][(round * 10)..].Select(Score).ToArray();
            Assert.Equal(scores.OrderByDescending(s => s), scores);
        }
    }

    [Theory]
    [InlineData(SearchProtocol.NasBench101)]
    [InlineData(SearchProtocol.MeanOfThree)]
    public void Run_SameSeed_SameTrajectory(SearchProtocol protocol)
    {
        var a = PredictorSearchContract.SameSeedSameTrajectory(f => new BananasSearchOptions { Predictor = f }, c => 0.002 * c.VertexCount, protocol);
        Assert.Equal(150, a.Final.CellsExplored);
    }

    [Fact]
    public void Run_UnderTheSimulatedTimeBudget_GoesOnInRoundsUntilSpent() =>
        PredictorSearchContract.GoesOnInRoundsUntilSpent(f => new BananasSearchOptions { Predictor = f }, _ => 0.001);

    [Fact]
    public void Run_CancelledDuringAFit_StopsBeforeTheNextQuery() =>
        PredictorSearchContract.CancelledDuringAFitStopsBeforeTheNextQuery(f => new BananasSearchOptions { Predictor = f });

    [Fact]
    public void Mutate_IsNaszillasAdjMutate_ValidAndAboutOneEdgeFlip()
    {
        // Each of the 21 bits flips w.p. 1/21, each op changes w.p. 1/5: about one edge and one op per mutant before
        // the validity redraw; every mutant is a valid cell.
        var random = new Random(9);
        var parent = CellSampler.RandomRaw(random);
        int edgeFlips = 0, opChanges = 0;
        const int N = 20_000;
        for (int i = 0; i < N; i++)
        {
            var child = BananasSearch.Mutate(parent, random);
            Assert.Equal(SpecStatus.Ok, child.Prune(out _));
            edgeFlips += System.Numerics.BitOperations.PopCount(child.EdgeBits ^ parent.EdgeBits);
            opChanges += Enumerable.Range(1, 5).Count(v => child.Label(v) != parent.Label(v));
        }

        Assert.InRange(edgeFlips / (double)N, 0.6, 1.4);
        Assert.InRange(opChanges / (double)N, 0.8, 1.2);
    }

    [Fact]
    public void Create_WithoutPredictor_NamesWhatIsMissing()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new BananasSearchOptions().Create());
        Assert.Contains("NasBench.Training", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_Bananas_GetsTheSamePredictorFactoryAsAlphax()
    {
        var predictors = new ScoringPredictorFactory(() => new ScoringPredictor(Score, _ => 0));
        var request = new CompareRequest { Algorithms = ["bananas", "alphax"], Queries = 150 };
        Assert.Empty(request.Validate());
        var configurations = SearchAlgorithmFactory.Configurations(request, complete: true, predictors);
        var bananas = Assert.IsType<BananasSearchOptions>(configurations[0].Algorithm);
        var alphax = Assert.IsType<AlphaXSearchOptions>(configurations[1].Algorithm);
        Assert.Same(predictors, bananas.Predictor);
        Assert.Same(predictors, alphax.Predictor);
        Assert.Equal((10, 10, 100), (bananas.InitialCells, bananas.CellsPerRound, bananas.Candidates));
        Assert.Equal((5, 150, 32, 0.01), (bananas.Ensemble.EnsembleSize, bananas.Ensemble.Epochs, bananas.Ensemble.BatchSize, bananas.Ensemble.LearningRate));
    }
}
