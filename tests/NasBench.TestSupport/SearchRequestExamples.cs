using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.TestSupport;

/// <summary>Search and compare requests with non-default options for every algorithm: the CLI's and the web form's
/// round trips (request → command line → request, request → form → request) run over the same list.</summary>
public static class SearchRequestExamples
{
    /// <summary>The requests, one or more per algorithm, each option away from its default somewhere.</summary>
    public static IReadOnlyList<SearchSettings> All { get; } =
    [
        new SearchRequest(),
        new CompareRequest(),
        CompareRequest.SeedPaper(),
        ComparePresets.Request(ComparePresets.Fig7),
        ComparePresets.Request(ComparePresets.Table150),
        new SearchRequest { Algorithm = "random", Random = new() { Sampler = CellDistribution.Uniform, WithoutReplacement = true }, RestrictToStore = true, Synthetic = true, SimulatedSeconds = 1e5 },
        new SearchRequest { Algorithm = "evolution", Synthetic = true, SyntheticSeed = 3, Queries = 100, Runs = 3, Seed = -4, Evolution = new() { PopulationSize = 100, TournamentSize = 25, MutationRate = 0.5 } },
        new SearchRequest { Algorithm = "tree", Synthetic = true, WallclockSeconds = 2.5, Tree = new() { Exploration = 0.5, ExpandAllOperations = true }, Protocol = "mean3", Epochs = 36, Plot = "accuracy" },
        new SearchRequest { Algorithm = "local", Synthetic = true, Local = LocalSearchOptions.Naszilla with { ContinueAtMinimum = true, ReuseEvaluations = true }, StartCell = CellArgument.Example },
        new SearchRequest { Algorithm = "sh", Synthetic = true, Hyperband = new() { Eta = 9, MinEpochs = 12 } },
        new CompareRequest { Algorithms = ["hyperband", "bohb"], Synthetic = true, Hyperband = new() { MinEpochs = 36 },
            Bohb = new() { Eta = 27, MinEpochs = 4, TopNPercent = 20, NumSamples = 32, RandomFraction = 0.25, BandwidthFactor = 2.5, MinBandwidth = 0.1 } },
        new SearchRequest { Algorithm = "reinforce", Synthetic = true, Reinforce = new() { LearningRate = 0.05, Momentum = 0.5 } },
        new SearchRequest { Algorithm = "tpe", Synthetic = true, Tpe = new() { StartupTrials = 10, Gamma = 0.15, Candidates = 48, PriorWeight = 2, LinearForgetting = 50 } },
        new CompareRequest { Algorithms = ["alphax", "tree", "random", "evolution"], Synthetic = true, Queries = 150, Runs = 200, Protocol = "mean3",
            AlphaX = new() { Exploration = 0.5, Simulations = 0, RolloutDepth = 2, RetrainEvery = 50 }, Tree = new() { Exploration = 2 } },
        new SearchRequest { Algorithm = "bananas", Synthetic = true, Queries = 150, Protocol = "mean3",
            Bananas = new() { InitialCells = 20, CellsPerRound = 5, Candidates = 50, ParentsToMutate = 3, MutationsPerParent = 40, Patience = 4 } },
        new SearchRequest { Algorithm = "npenas", Synthetic = true, Queries = 150, Protocol = "mean3",
            Npenas = new() { InitialCells = 20, CellsPerRound = 20, ParentsToMutate = 4, Mutations = 2, Candidates = 120 } },
        new SearchRequest { Algorithm = "smac", Synthetic = true, SimulatedSeconds = 1e6,
            Smac = new() { Trees = 5, RandomFraction = 0.5, MaxRuns = 2, Challengers = 1000, LocalSearches = 5, PlateauSteps = 3 } },
    ];
}
