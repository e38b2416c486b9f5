using System.Text.Json.Serialization;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

namespace NasBench.Core.Search;

/// <summary>Options of BANANAS (White, Neiswanger and Savani 2021): Bayesian optimisation with an ensemble of neural
/// predictors over the path encoding, independent Thompson sampling, candidates by mutating the best cells.</summary>
/// <remarks>
/// Defaults are naszilla's (<c>naszilla/nas_algorithms.py</c> <c>bananas(...)</c>, <c>nas_benchmarks.py</c>
/// <c>get_candidates(...)</c>, <c>params.py</c> <c>meta_neuralnet_params('standard')</c>) unless said; the ensemble's
/// in <see cref="Ensemble"/>. Self-contained: the registration needs only <see cref="Predictor"/> set.
/// </remarks>
public sealed record BananasSearchOptions : SearchAlgorithmOptions
{
    /// <summary>The algorithm's command-line name.</summary>
    public const string AlgorithmName = "bananas";

    /// <inheritdoc/>
    public override string Name => AlgorithmName;

    /// <summary>Random cells queried before the first fit (<c>num_init</c>), distinct by path indices.</summary>
    /// <value>The default value is 10 (<c>DEFAULT_NUM_INIT</c>).</value>
    public int InitialCells { get; init; } = 10;

    /// <summary>Cells queried per round, the candidates with the best acquisition values (<c>k</c>).</summary>
    /// <value>The default value is 10 (<c>DEFAULT_K</c>).</value>
    public int CellsPerRound { get; init; } = 10;

    /// <summary>Candidates a round aims for (<c>get_candidates(num=100)</c>): mutations of the best cells until at least this many
    /// new ones (a parent's mutations are all made, so a round may get more).</summary>
    /// <value>The default value is 100.</value>
    public int Candidates { get; init; } = 100;

    /// <summary>How many of the best queried cells are mutated at most (<c>num_arches_to_mutate · patience_factor</c>).</summary>
    /// <value>The default value is 5 (1 · 5).</value>
    public int ParentsToMutate { get; init; } = 5;

    /// <summary>Mutations drawn per parent (<c>int(num / num_arches_to_mutate / max_mutation_rate)</c>).</summary>
    /// <value>The default value is 100 (100 / 1 / 1).</value>
    public int MutationsPerParent { get; init; } = 100;

    /// <summary>The random draws allowed for the initial cells: at most InitialCells · this − 1 (<c>patience_factor</c>).</summary>
    /// <value>The default value is 5.</value>
    public int Patience { get; init; } = 5;

    /// <summary>The ensemble: its encoding, networks and training.</summary>
    /// <value>The default value is <see cref="NeuralPredictorOptions.BananasEnsemble"/>.</value>
    [JsonIgnore]
    public NeuralPredictorOptions Ensemble { get; init; } = NeuralPredictorOptions.BananasEnsemble;

    /// <summary>Makes the ensemble of each run from <see cref="Ensemble"/>. Core has none: NasBench.Training injects its own
    /// (the same factory AlphaX gets); without one, <see cref="Create"/> fails with a message naming what is missing.</summary>
    /// <value>The default value is null.</value>
    [JsonIgnore]
    public IArchitecturePredictorFactory? Predictor { get; init; }

    /// <summary>The options a request sets (<c>--bananas-…</c>), each with naszilla's default.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<BananasSearchOptions, int>("bananasInitialCells", "BANANAS: random cells queried before the first fit (naszilla num_init: 10).", "Initial cells",
            new(), o => o.InitialCells, (o, v) => o with { InitialCells = v }, OptionRules.Between<BananasSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<BananasSearchOptions, int>("bananasCellsPerRound", "BANANAS: cells queried per round, the best by Thompson sampling (naszilla k: 10).", "Cells per round",
            new(), o => o.CellsPerRound, (o, v) => o with { CellsPerRound = v }, OptionRules.Between<BananasSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<BananasSearchOptions, int>("bananasCandidates", "BANANAS: candidates per round, mutations of the best cells (naszilla: 100).", "Candidates",
            new(), o => o.Candidates, (o, v) => o with { Candidates = v }, OptionRules.Between<BananasSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<BananasSearchOptions, int>("bananasParents", "BANANAS: the best queried cells mutated at most (naszilla: 1 × patience 5).", "Parents mutated",
            new(), o => o.ParentsToMutate, (o, v) => o with { ParentsToMutate = v }, OptionRules.Between<BananasSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<BananasSearchOptions, int>("bananasMutationsPerParent", "BANANAS: mutations drawn per parent (naszilla: 100).", "Mutations per parent",
            new(), o => o.MutationsPerParent, (o, v) => o with { MutationsPerParent = v }, OptionRules.Between<BananasSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<BananasSearchOptions, int>("bananasPatience", "BANANAS: random draws allowed per initial cell (naszilla patience_factor: 5).", "Patience",
            new(), o => o.Patience, (o, v) => o with { Patience = v }, OptionRules.Between<BananasSearchOptions>(1, 1_000)) { OmitWhenDefault = true },
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    protected override void ValidateCombination() => Ensemble.Validate();

    /// <inheritdoc/>
    public override SearchAlgorithmOptions ForRun(SearchRunContext context) =>
        this with { RestrictToStore = context.RestrictToStore, Predictor = context.Predictors };

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => Predictor is { } predictor
        ? new BananasSearch(this, predictor)
        : throw new InvalidOperationException("bananas needs its neural ensemble, which lives in NasBench.Training (TorchSharp); "
            + "NasBench.Core alone has none. Run it through the nasbench CLI or the lab server, or set BananasSearchOptions.Predictor.");
}
