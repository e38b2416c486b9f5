using System.Text.Json.Serialization;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

namespace NasBench.Core.Search;

/// <summary>Options of NPENAS (Wei et al., "NPENAS: Neural Predictor Guided Evolution for Neural Architecture Search"), the
/// NPENAS-NP variant as NASLib runs it: candidates by mutating the best cells, the ones a neural predictor rates best queried.</summary>
/// <remarks>
/// Defaults are NASLib's (<c>naslib/optimizers/discrete/npenas/optimizer.py</c>) with the values its NAS-Bench-101
/// black-box configurations give (<c>scripts/create_configs.py</c>, <c>config_type bbo-bs</c>, run by
/// <c>scripts/bbo/make_configs_nb101.sh</c>; <c>naslib/runners/nas/discrete_config.yaml</c> has the same numbers):
/// <c>num_init</c> 10, <c>k</c> 10, <c>num_arches_to_mutate</c> 5, <c>max_mutations</c> 1, <c>num_candidates</c> 200,
/// <c>num_ensemble</c> 3, <c>predictor_type</c> <c>bananas</c>. Self-contained: the registration needs only
/// <see cref="Predictor"/> set.
/// </remarks>
public sealed record NpenasSearchOptions : SearchAlgorithmOptions
{
    /// <summary>The algorithm's command-line name.</summary>
    public const string AlgorithmName = "npenas";

    /// <summary>
    /// NASLib's predictor of <c>predictor_type: bananas</c> (<c>naslib/predictors/ensemble.py</c> → <c>MLPPredictor</c> with
    /// <c>EncodingType.PATH</c>, <c>naslib/predictors/mlp.py</c>): <c>num_ensemble</c> 3 networks over the full path encoding
    /// (all 364 paths, not truncated), 20 Dense layers of 20 (ReLU) then Dense(1), Xavier-uniform weights and zero biases,
    /// Adam(lr 0.001, β 0.9, 0.99), L1 loss, batch 32 shuffled, 500 epochs, fresh networks at every fit.
    /// </summary>
    /// <remarks>
    /// The lab's one neural predictor (<see cref="NeuralPredictorOptions"/>) runs it with two departures: the networks
    /// learn the validation error in percent (NASLib's learn the accuracy in percent, 100 minus it: the same MAE fit with
    /// the output negated and shifted by 100, so the same ranking once fitted; the zero-initialised output starts 10
    /// rather than 90 away from its targets), and without NASLib's extra loss term 0.2·‖output weights‖₁.
    /// </remarks>
    public static NeuralPredictorOptions NaslibEnsemble { get; } = NeuralPredictorOptions.BananasEnsemble with
    {
        PathCutoff = PathEncoding.PathCount,
        HiddenSizes = [.. Enumerable.Repeat(20, 20)],
        LearningRate = 0.001,
        Beta2 = 0.99,
        Epochs = 500,
        BatchSize = 32,
        EnsembleSize = 3,
    };

    /// <inheritdoc/>
    public override string Name => AlgorithmName;

    /// <summary>Random cells queried before the first fit (<c>num_init</c>).</summary>
    /// <value>The default value is 10.</value>
    public int InitialCells { get; init; } = 10;

    /// <summary>Cells queried per fit, the candidates with the best predictions, best first (<c>k</c>).</summary>
    /// <value>The default value is 10.</value>
    public int CellsPerRound { get; init; } = 10;

    /// <summary>How many of the best queried cells are mutated (<c>num_arches_to_mutate</c>).</summary>
    /// <value>The default value is 5.</value>
    public int ParentsToMutate { get; init; } = 5;

    /// <summary>Mutations per candidate (<c>max_mutations</c>).</summary>
    /// <value>The default value is 1.</value>
    public int Mutations { get; init; } = 1;

    /// <summary>The candidates a round aims for (<c>num_candidates</c>): each parent gets ⌊Candidates / parents / Mutations⌋.</summary>
    /// <value>The default value is 200 (40 per parent).</value>
    public int Candidates { get; init; } = 200;

    /// <summary>The predictor: its encoding, networks and training.</summary>
    /// <value>The default value is <see cref="NaslibEnsemble"/>.</value>
    [JsonIgnore]
    public NeuralPredictorOptions Ensemble { get; init; } = NaslibEnsemble;

    /// <summary>Makes the predictor of each run from <see cref="Ensemble"/>. Core has none: NasBench.Training injects its own
    /// (the factory BANANAS and AlphaX get); without one, <see cref="Create"/> fails with a message naming what is missing.</summary>
    /// <value>The default value is null.</value>
    [JsonIgnore]
    public IArchitecturePredictorFactory? Predictor { get; init; }

    /// <summary>The options a request sets (<c>--npenas-…</c>), each with NASLib's default.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<NpenasSearchOptions, int>("npenasInitialCells", "NPENAS: random cells queried before the first fit (NASLib num_init: 10).", "Initial cells",
            new(), o => o.InitialCells, (o, v) => o with { InitialCells = v }, OptionRules.Between<NpenasSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<NpenasSearchOptions, int>("npenasCellsPerRound", "NPENAS: cells queried per fit, the best predicted (NASLib k: 10).", "Cells per round",
            new(), o => o.CellsPerRound, (o, v) => o with { CellsPerRound = v }, OptionRules.Between<NpenasSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<NpenasSearchOptions, int>("npenasParents", "NPENAS: the best queried cells mutated (NASLib num_arches_to_mutate: 5).", "Parents mutated",
            new(), o => o.ParentsToMutate, (o, v) => o with { ParentsToMutate = v }, OptionRules.Between<NpenasSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<NpenasSearchOptions, int>("npenasMutations", "NPENAS: mutations per candidate (NASLib max_mutations: 1).", "Mutations per candidate",
            new(), o => o.Mutations, (o, v) => o with { Mutations = v }, OptionRules.Between<NpenasSearchOptions>(1, 1_000)) { OmitWhenDefault = true },
        new OptionDescription<NpenasSearchOptions, int>("npenasCandidates", "NPENAS: candidates per fit, split evenly over the parents (NASLib num_candidates: 200).", "Candidates",
            new(), o => o.Candidates, (o, v) => o with { Candidates = v }, OptionRules.Between<NpenasSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    protected override void ValidateCombination()
    {
        if (Candidates < ParentsToMutate * Mutations)
        {
            throw new ArgumentException($"NPENAS needs at least one candidate per parent: candidates ({Candidates}) ≥ parents ({ParentsToMutate}) × mutations ({Mutations}).");
        }

        Ensemble.Validate();
    }

    /// <inheritdoc/>
    public override SearchAlgorithmOptions ForRun(SearchRunContext context) =>
        this with { RestrictToStore = context.RestrictToStore, Predictor = context.Predictors };

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => Predictor is { } predictor
        ? new NpenasSearch(this, predictor)
        : throw new InvalidOperationException("npenas needs its neural predictor, which lives in NasBench.Training (TorchSharp); "
            + "NasBench.Core alone has none. Run it through the nasbench CLI or the lab server, or set NpenasSearchOptions.Predictor.");
}
