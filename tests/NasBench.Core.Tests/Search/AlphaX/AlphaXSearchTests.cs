using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search.AlphaX;

/// <summary>AlphaX's MCTS against a hand-traced iteration, its retraining schedule, seeds, cancellation and wiring.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class AlphaXSearchTests
{
    // A held 7-vertex cell whose every vertex lies on an input→output path: no one-step neighbour prunes back to it.
    private const string Cell = "0101000001110000010000000001000001000000010000000 input,conv3x3-bn-relu,conv1x1-bn-relu,conv1x1-bn-relu,conv3x3-bn-relu,conv1x1-bn-relu,output";

    private static CellKey RawC => CellSampler.PadToSeven(CellArgument.Parse(Cell, "cell").Cell);

    private static AlphaXNode Node(SearchSession session, CellKey raw, AlphaXNode? parent, int visits, double value)
    {
        Assert.True(session.TryResolve(raw, out int cell));
        var node = new AlphaXNode(raw, cell, parent) { Visits = visits, Value = value, Untried = [] };
        parent?.Children.Add(node);
        return node;
    }

    [Fact]
    public void Iterate_TinyTree_SelectsByUctExpandsSimulatesAndBacksUp()
    {
        // Root R (n 4, x̄ 0.90) with A (n 2, x̄ 0.92) and B (n 1, x̄ 0.85); B's one untried action is C.
        var session = new SearchSession(SearchData.Synthetic, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(10), new Random(0));
        var r = Node(session, RawC.WithLabel(1, 1), null, 4, 0.90);
        var a = Node(session, RawC.WithLabel(2, 2), r, 2, 0.92);
        var b = Node(session, RawC.WithLabel(4, 2), r, 1, 0.85);
        b.Untried = [RawC];
        var stub = new FixedPredictor(0.5);
        var options = new AlphaXSearchOptions { Simulations = 2, RolloutDepth = 1 };
        var search = new AlphaXSearch(options, new MeanPredictorFactory()) { Predictor = stub };
        search.Plant(r);

        // Selection, Cp = 2: UCT(A) = 0.92 + 4·sqrt(2·ln 4 / 2) = 5.62964; UCT(B) = 0.85 + 4·sqrt(2·ln 4 / 1) = 7.51044.
        Assert.Equal(5.629640, AlphaXSearch.Uct(0.92, 2, 4, 2.0), 5);
        Assert.Equal(7.510437, AlphaXSearch.Uct(0.85, 1, 4, 2.0), 5);
        Assert.Same(b, search.Select(r, new Random(0)));

        Assert.True(search.Iterate(session, new Random(0)));

        // Expansion: C under B, queried once (mean3: its mean validation accuracy).
        var c = Assert.Single(b.Children);
        Assert.True(session.TryResolve(RawC, out int cIndex));
        Assert.Equal(cIndex, c.Cell);
        Assert.Equal(1, session.Queries);
        double accuracy = SearchData.Synthetic.MeanValidation(cIndex);
        Assert.Equal(accuracy, session.Current.IncumbentValidationAccuracy, 12);

        // Simulation: 2 rollouts of one step from C, each a held one-step neighbour, each scored 0.5 by the stub.
        Assert.Equal(2, stub.Asked.Count);
        var neighbours = CellSampler.Neighbours(RawC).Select(n => { n.Prune(out var p); return p; }).ToHashSet();
        Assert.All(stub.Asked, cell => Assert.Contains(cell, neighbours));
        double value = (accuracy + 0.5) / 2;
        Assert.Equal(value, c.Value, 12);

        // Backpropagation: C n = 1; B: n 2, x̄ = 0.85 + (v − 0.85)/2; R: n 5, x̄ = 0.90 + (v − 0.90)/5; A untouched.
        Assert.Equal(1, c.Visits);
        Assert.Equal((2, 0.85 + ((value - 0.85) / 2)), (b.Visits, b.Value));
        Assert.Equal(5, r.Visits);
        Assert.Equal(0.90 + ((value - 0.90) / 5), r.Value, 12);
        Assert.Equal((2, 0.92), (a.Visits, a.Value));
        Assert.Empty(stub.FitSizes);
    }

    [Fact]
    public void Iterate_PredictorNotFittedYet_NodeWorthItsQuery()
    {
        var session = new SearchSession(SearchData.Synthetic, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(10), new Random(0));
        var r = Node(session, RawC.WithLabel(1, 1), null, 1, 0.90);
        r.Untried = [RawC];
        var stub = new FixedPredictor(0.5, fitted: false);
        var search = new AlphaXSearch(new AlphaXSearchOptions(), new MeanPredictorFactory()) { Predictor = stub };
        search.Plant(r);
        search.Iterate(session, new Random(0));
        Assert.Equal(session.Current.IncumbentValidationAccuracy, r.Children[0].Value);
        Assert.Empty(stub.Asked);
    }

    [Theory]
    [InlineData(SearchProtocol.NasBench101)]
    [InlineData(SearchProtocol.MeanOfThree)]
    public void Run_RetrainsEvery100Queries_OnEveryQueriedCell(SearchProtocol protocol)
    {
        var stub = new FixedPredictor(0.9, fitted: false);
        var search = new AlphaXSearch(new AlphaXSearchOptions(), new MeanPredictorFactory()) { Predictor = stub };
        var session = new SearchSession(SearchData.Synthetic, protocol, SearchBudget.OfQueries(250), new Random(3));
        search.Run(session, new Random(4));
        Assert.Equal(250, session.Queries);
        Assert.Equal(250, session.Current.CellsExplored);
        Assert.Equal([100, 200], stub.FitSizes);
        Assert.Equal(150 * 10, stub.Asked.Count);
    }

    [Theory]
    [InlineData(SearchProtocol.NasBench101)]
    [InlineData(SearchProtocol.MeanOfThree)]
    public void Run_SameSeed_SameTrajectory(SearchProtocol protocol)
    {
        var config = new SearchConfiguration(new AlphaXSearchOptions { Predictor = new MeanPredictorFactory(), RetrainEvery = 30 }, SearchBudget.OfSimulatedSeconds(5e5), protocol, 7);
        var a = SearchRunner.Run(config, SearchData.Synthetic, run: 1);
        var b = SearchRunner.Run(config, SearchData.Synthetic, run: 1);
        var c = SearchRunner.Run(config, SearchData.Synthetic, run: 2);
        Assert.Equal(a.Trajectory.Select(p => p with { WallClockSeconds = 0 }), b.Trajectory.Select(p => p with { WallClockSeconds = 0 }));
        Assert.NotEqual(a.Trajectory.Select(p => p.IncumbentCell), c.Trajectory.Select(p => p.IncumbentCell));
        Assert.True(a.Final.SimulatedSeconds >= 5e5);
    }

    [Fact]
    public void Run_CancelledDuringARefit_StopsBeforeTheNextQuery()
    {
        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver();
        var config = new SearchConfiguration(new AlphaXSearchOptions { Predictor = new MeanPredictorFactory(cancel.Cancel), RetrainEvery = 5 }, SearchBudget.OfQueries(1000), SearchProtocol.NasBench101, 0);
        Assert.ThrowsAny<OperationCanceledException>(() => SearchRunner.Run(config, SearchData.Synthetic, observer: observer, cancellationToken: cancel.Token));
        Assert.Equal(5, observer.Steps.Count);
    }

    [Fact]
    public void Create_WithoutPredictor_NamesWhatIsMissing()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new AlphaXSearchOptions().Create());
        Assert.Contains("NasBench.Training", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_Alphax_GetsTheInjectedPredictor()
    {
        var predictors = new MeanPredictorFactory();
        var request = new SearchRequest { Algorithm = "alphax", Queries = 150 };
        Assert.Empty(request.Validate());
        var options = Assert.IsType<AlphaXSearchOptions>(Assert.Single(SearchAlgorithmFactory.Configurations(request, complete: true, predictors)).Algorithm);
        Assert.Same(predictors, options.Predictor);
        Assert.Equal((2.0, 10, 100), (options.Exploration, options.Simulations, options.RetrainEvery));
    }
}
