using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

namespace NasBench.Core.Search;

/// <summary>Options of REINFORCE (Williams 1992) as the NAS-Bench-101 paper's baseline (automl/nas_benchmarks run_rl.py).</summary>
public sealed record ReinforceSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => "reinforce";

    /// <summary>The step of gradient ascent on the logits.</summary>
    /// <value>The default value is 0.1.</value>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The momentum of the reward's moving-average baseline.</summary>
    /// <value>The default value is 0.9.</value>
    public double Momentum { get; init; } = 0.9;

    /// <summary>The options as the CLI, the JSON and the form name them.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<ReinforceSearchOptions, double>("reinforceLearningRate", "REINFORCE: the learning rate of the logits (run_rl.py: 0.1).", "Learning rate",
            new(), o => o.LearningRate, (o, v) => o with { LearningRate = v }, OptionRules.Above<ReinforceSearchOptions>(0, 100)) { OmitWhenDefault = true },
        new OptionDescription<ReinforceSearchOptions, double>("reinforceMomentum", "REINFORCE: the momentum of the reward's moving-average baseline, in [0, 1) (run_rl.py: 0.9).", "Baseline momentum",
            new(), o => o.Momentum, (o, v) => o with { Momentum = v },
            (name, _, v) => v >= 0 && v < 1 ? null : OptionRules.Inv($"{RequestRules.Option(name)} must be in [0, 1) (got {v}).")) { OmitWhenDefault = true },
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new ReinforceSearch(this);
}
