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

    /// <inheritdoc/>
    public override void Validate()
    {
        if (!(LearningRate > 0 && LearningRate <= 100) || !(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentException($"REINFORCE needs a learning rate in (0, 100] and a momentum in [0, 1) (got {LearningRate}, {Momentum}).");
        }
    }

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new ReinforceSearch(this);
}
