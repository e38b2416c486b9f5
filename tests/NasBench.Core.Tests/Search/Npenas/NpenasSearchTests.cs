using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.Search.Bananas;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search.Npenas;

/// <summary>NPENAS's candidates and choice traced by hand against NASLib's optimizer, its loop with a scoring predictor,
/// seeds, cancellation and its registration.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class NpenasSearchTests
{
    private static double Score(CellKey cell) => PredictorSearchContract.Score(cell);

    /// <summary>A mutation that hands out tokens 1000, 1001, … in turn and records what it was given.</summary>
    private sealed class TokenMutation
    {
        public List<ulong> Inputs { get; } = [];

        public CellKey? Mutate(CellKey parent)
        {
            Inputs.Add(parent.Value);
            return new CellKey(1000UL + (ulong)(Inputs.Count - 1));
        }
    }

    [Fact]
    public void Candidates_HandTraced_BestParentsAscending_EachAWalkOfMutants()
    {
        // NASLib: best = argsort([.90, .95, .80, .95, .85])[-3:] = cells 0, 1, 3 (ascending; the tied .95s in index
        // order); per parent int(13 / 3 / 2) = 2 candidates of 2 mutations each, every mutation applied to the last
        // mutant (the loop variable `arch` is rebound): parent 0 → 1000 → 1001 (candidate) → 1002 → 1003 (candidate), …
        CellKey[] cells = [new(10), new(11), new(12), new(13), new(14)];
        var mutation = new TokenMutation();
        var candidates = NpenasSearch.Candidates(cells, [0.90, 0.95, 0.80, 0.95, 0.85], parents: 3, candidates: 13, mutations: 2, mutation.Mutate);

        Assert.Equal([10UL, 1000, 1001, 1002, 11, 1004, 1005, 1006, 13, 1008, 1009, 1010], mutation.Inputs);
        Assert.Equal([1001UL, 1003, 1005, 1007, 1009, 1011], candidates!.Select(c => c.Value));
    }

    [Fact]
    public void Candidates_NaslibDefaults_FortyPerParent_AndFewerCellsThanParents()
    {
        // num_arches_to_mutate 5, num_candidates 200, max_mutations 1 over 10 cells: the five best (cells 5..9, the
        // accuracies rising with the index), 40 one-step mutants each, 200 in all.
        var cells = Enumerable.Range(0, 10).Select(i => new CellKey((ulong)i)).ToArray();
        var mutation = new TokenMutation();
        var candidates = NpenasSearch.Candidates(cells, [.. Enumerable.Range(0, 10).Select(i => 0.8 + (0.01 * i))], 5, 200, 1, mutation.Mutate);
        Assert.Equal(200, candidates!.Count);
        Assert.Equal([5UL, 6, 7, 8, 9], mutation.Inputs.Where(v => v < 1000));
        Assert.Equal(Enumerable.Range(0, 5).Select(p => 40 * p), mutation.Inputs.Select((v, i) => (v, i)).Where(x => x.v < 1000).Select(x => x.i));

        // Three cells and five parents: len(best_archs) = 3, int(200 / 3 / 1) = 66 each, 198 candidates.
        var few = NpenasSearch.Candidates(cells[..3], [0.9, 0.7, 0.8], 5, 200, 1, new TokenMutation().Mutate);
        Assert.Equal(198, few!.Count);
    }

    [Fact]
    public void Candidates_MutationGivesUp_Null()
    {
        CellKey[] cells = [new(1), new(2)];
        Assert.Null(NpenasSearch.Candidates(cells, [0.9, 0.8], 2, 10, 1, _ => null));
    }

    [Fact]
    public void Choose_HandComputed_TheBestKInPopOrder()
    {
        // argsort([.5, .9, .7, .9, .1]) (stable) = 4, 0, 2, 1, 3; the last three [2, 1, 3] popped from the end: 3, 1, 2.
        Assert.Equal([3, 1, 2], NpenasSearch.Choose([0.5, 0.9, 0.7, 0.9, 0.1], 3));
        Assert.Equal([1, 0], NpenasSearch.Choose([0.2, 0.3], 10));
    }

    [Fact]
    public void Run_ScoringPredictor_EachRoundQueriesTheTenBestCandidatesBestFirst()
    {
        NpenasSearch search = null!;
        var candidatesAtFit = new List<IReadOnlyList<CellKey>>();
        using var stub = new ScoringPredictor(Score, _ => 0, () => candidatesAtFit.Add(search.LastCandidates));
        var factory = new ScoringPredictorFactory(() => stub);
        var session = new SearchSession(SearchData.Synthetic, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(51), new Random(3));
        search = new NpenasSearch(new NpenasSearchOptions(), factory);
        search.Run(session, new Random(4));

        Assert.Equal(51, session.Queries);
        Assert.Same(NpenasSearchOptions.NaslibEnsemble, Assert.Single(factory.Asked));
        Assert.Equal([10, 20, 30, 40, 50], stub.Fits.Select(f => f.Count));
        for (int round = 1; round < 5; round++)
        {
            // Fit r (0-based) sees the candidates made after fit r − 1; the ten queried in between, its last ten cells, are their best, best first.
            var candidates = candidatesAtFit[round];
            Assert.Equal(200, candidates.Count);
            var values = candidates.Select(c => Score(Pruned(c))).ToArray();
            var expected = NpenasSearch.Choose(values, 10).Select(i => Pruned(candidates[i]));
            Assert.Equal(expected, stub.Fits[round][(round * 10)..]);
        }
    }

    [Theory]
    [InlineData(SearchProtocol.NasBench101)]
    [InlineData(SearchProtocol.MeanOfThree)]
    public void Run_SameSeed_SameTrajectory(SearchProtocol protocol)
    {
        PredictorSearchContract.SameSeedSameTrajectory(f => new NpenasSearchOptions { Predictor = f }, _ => 0, protocol);
    }

    [Fact]
    public void Run_UnderTheSimulatedTimeBudget_GoesOnInRoundsUntilSpent() =>
        PredictorSearchContract.GoesOnInRoundsUntilSpent(f => new NpenasSearchOptions { Predictor = f }, _ => 0);

    [Fact]
    public void Run_CancelledDuringAFit_StopsBeforeTheNextQuery() =>
        PredictorSearchContract.CancelledDuringAFitStopsBeforeTheNextQuery(f => new NpenasSearchOptions { Predictor = f });

    [Fact]
    public void Run_RestrictedToThirtyCells_RedrawsEachMutantUntilHeld()
    {
        // NASLib redraws a mutant until the dataset holds it (is_valid); on the 30 real cells that takes thousands of
        // redraws (free iterations), yet each round gets its 200 candidates, all held, and the budget is spent.
        var factory = new ScoringPredictorFactory(() => new ScoringPredictor(Score, _ => 0));
        var session = new SearchSession(SearchData.Real30, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(30), new Random(1));
        var search = new NpenasSearch(new NpenasSearchOptions { RestrictToStore = true }, factory);
        search.Run(session, new Random(2));
        Assert.Equal(30, session.Queries);
        Assert.Equal(SearchEnd.BudgetSpent, session.Ending);
        Assert.Equal(200, search.LastCandidates.Count);
        Assert.All(search.LastCandidates, c => Assert.True(session.TryResolve(c, out _)));
    }

    [Fact]
    public void Mutate_IsNaslibsNasBench101Mutate_ValidMutants()
    {
        // NASLib flips each of the 21 bits w.p. 1/NUM_VERTICES and changes each interior op w.p. 1/len(OPS).
        Assert.Equal(1.0 / 7, NpenasSearch.EdgeProbability);
        Assert.Equal(1.0 / 3, NpenasSearch.OpProbability);
        var random = new Random(9);
        var parent = CellSampler.RandomRaw(random);
        for (int i = 0; i < 2_000; i++)
        {
            Assert.Equal(SpecStatus.Ok, NpenasSearch.Mutate(parent, random).Prune(out _));
        }
    }

    [Fact]
    public void Options_CandidatesBelowOnePerParent_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new NpenasSearchOptions { Candidates = 9, ParentsToMutate = 5, Mutations = 2 }.Validate());
        Assert.Contains("at least one candidate per parent", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithoutPredictor_NamesWhatIsMissing()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new NpenasSearchOptions().Create());
        Assert.Contains("NasBench.Training", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_Npenas_GetsTheSamePredictorFactoryAsBananas_WithNaslibsDefaults()
    {
        var predictors = new ScoringPredictorFactory(() => new ScoringPredictor(Score, _ => 0));
        var request = new CompareRequest { Algorithms = ["npenas", "bananas"], Queries = 150 };
        Assert.Empty(request.Validate());
        var configurations = SearchAlgorithmFactory.Configurations(request, complete: true, predictors);
        var npenas = Assert.IsType<NpenasSearchOptions>(configurations[0].Algorithm);
        Assert.Same(predictors, npenas.Predictor);
        Assert.Same(predictors, Assert.IsType<BananasSearchOptions>(configurations[1].Algorithm).Predictor);
        Assert.Equal((10, 10, 5, 1, 200), (npenas.InitialCells, npenas.CellsPerRound, npenas.ParentsToMutate, npenas.Mutations, npenas.Candidates));
        var ensemble = npenas.Ensemble;
        Assert.Equal((3, 500, 32, 0.001, 0.99), (ensemble.EnsembleSize, ensemble.Epochs, ensemble.BatchSize, ensemble.LearningRate, ensemble.Beta2));
        Assert.Equal((PredictorEncoding.Paths, 364, 20), (ensemble.Encoding, ensemble.InputLength, ensemble.HiddenSizes.Count));
        Assert.All(ensemble.HiddenSizes, h => Assert.Equal(20, h));
    }

    private static CellKey Pruned(CellKey raw)
    {
        raw.Prune(out var pruned);
        return pruned;
    }
}
