using System.Text.Json.Serialization;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

namespace NasBench.Core.Search;

/// <summary>Options of AlphaX: MCTS whose new nodes are valued by one real query and meta-DNN-scored rollouts.</summary>
/// <remarks>Defaults are linnanwang/AlphaX-NASBench101's (<c>MCTS_metaDNN.py</c>, <c>net_predictor.py</c>) unless said.</remarks>
public sealed record AlphaXSearchOptions : SearchAlgorithmOptions
{
    /// <summary>The algorithm's command-line name.</summary>
    public const string AlgorithmName = "alphax";

    /// <inheritdoc/>
    public override string Name => AlgorithmName;

    /// <summary>Cp in the reference's UCT: x̄_child + 2·Cp·sqrt(2·ln n_node / n_child).</summary>
    /// <value>The default value is 2 (<c>MCTS.Cp = 2</c>; the factor 2 in front of it is the reference's too).</value>
    public double Exploration { get; init; } = 2.0;

    /// <summary>Rollouts scored by the predictor when a node is created (the reference's <c>num_dyna_sim</c>).</summary>
    /// <value>The default value is 10 (<c>create_new_node</c> calls <c>evaluate(new_state, 10)</c>).</value>
    public int Simulations { get; init; } = 10;

    /// <summary>Random one-step mutations in a rollout from the new node.</summary>
    /// <value>The default value is 3 (ours: the reference's states are partial networks that a rollout completes with
    /// random actions until <c>term</c>; here every node is a complete cell, so a rollout is a short random walk of its
    /// neighbourhood — about as many steps as the reference's walks take from a 4-5 node state).</value>
    public int RolloutDepth { get; init; } = 3;

    /// <summary>The predictor is (re)fitted on all queried cells whenever their count reaches a multiple of this.</summary>
    /// <value>The default value is 100 (<c>if training_point % 100 == 0: env_train(trained_networks)</c>).</value>
    public int RetrainEvery { get; init; } = 100;

    /// <summary>The meta-DNN: its encoding, network and training, shared in form with BANANAS's ensemble.</summary>
    /// <value>The default value is <see cref="NeuralPredictorOptions.AlphaXMetaDnn"/> (<c>net_predictor.py</c>'s).</value>
    [JsonIgnore]
    public NeuralPredictorOptions MetaDnn { get; init; } = NeuralPredictorOptions.AlphaXMetaDnn;

    /// <summary>Makes the meta-DNN of each run from <see cref="MetaDnn"/>. Core has none: NasBench.Training injects its own (the runners of the CLI
    /// and the lab server do); without one, <see cref="Create"/> fails with a message naming what is missing.</summary>
    /// <value>The default value is null.</value>
    [JsonIgnore]
    public IArchitecturePredictorFactory? Predictor { get; init; }

    /// <summary>The options as the CLI, the JSON and the form name them.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<AlphaXSearchOptions, double>("alphaxExploration", "AlphaX: the UCT constant Cp (MCTS_metaDNN.py: 2).", "Exploration Cp",
            new(), o => o.Exploration, (o, v) => o with { Exploration = v }, OptionRules.Between<AlphaXSearchOptions>(0, 1e6)) { OmitWhenDefault = true },
        new OptionDescription<AlphaXSearchOptions, int>("alphaxSimulations", "AlphaX: meta-DNN-scored rollouts per new node (num_dyna_sim: 10; 0: none).", "Rollouts per query",
            new(), o => o.Simulations, (o, v) => o with { Simulations = v }, OptionRules.Between<AlphaXSearchOptions>(0, 10_000)) { OmitWhenDefault = true },
        new OptionDescription<AlphaXSearchOptions, int>("alphaxRolloutDepth", "AlphaX: random one-step mutations per rollout (3).", "Rollout depth",
            new(), o => o.RolloutDepth, (o, v) => o with { RolloutDepth = v }, OptionRules.Between<AlphaXSearchOptions>(1, 1_000)) { OmitWhenDefault = true },
        new OptionDescription<AlphaXSearchOptions, int>("alphaxRetrainEvery", "AlphaX: the meta-DNN is refitted every this many queries (MCTS_metaDNN.py: 100).", "Retrain every (queries)",
            new(), o => o.RetrainEvery, (o, v) => o with { RetrainEvery = v }, OptionRules.Between<AlphaXSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    public override SearchAlgorithmOptions ForRun(SearchRunContext context) =>
        this with { RestrictToStore = context.RestrictToStore, Predictor = context.Predictors };

    /// <inheritdoc/>
    protected override void ValidateCombination() => MetaDnn.Validate();

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => Predictor is { } predictor
        ? new AlphaXSearch(this, predictor)
        : throw new InvalidOperationException("alphax needs a meta-DNN predictor, which lives in NasBench.Training (TorchSharp); "
            + "NasBench.Core alone has none. Run it through the nasbench CLI or the lab server, or set AlphaXSearchOptions.Predictor.");
}
