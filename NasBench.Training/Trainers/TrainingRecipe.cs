namespace NasBench.Training.Trainers;

/// <summary>The optimizer of a recipe.</summary>
public enum OptimizerKind
{
    /// <summary>RMSProp as TensorFlow 1 defines it (<see cref="TfRmsProp"/>).</summary>
    TfRmsProp,

    /// <summary>SGD with momentum and weight decay as PyTorch defines it (<see cref="MomentumSgd"/>).</summary>
    Sgd,
}

/// <summary>When the cosine learning rate is recomputed.</summary>
public enum ScheduleKind
{
    /// <summary>lr = ½·lr₀·(1 + cos(π·step/total_steps)), every step (NAS-Bench-101).</summary>
    CosinePerStep,

    /// <summary>lr = ½·lr₀·(1 + cos(π·epoch/epochs)), once per epoch (PyTorch's CosineAnnealingLR, the seed paper).</summary>
    CosinePerEpoch,
}

/// <summary>A training recipe: optimizer, schedule and batch size. Every value can be overridden with <c>with</c>.</summary>
/// <param name="Name">The recipe's name.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="LearningRate">The initial (peak) learning rate.</param>
/// <param name="Momentum">Momentum of either optimizer.</param>
/// <param name="Decay">RMSProp's decay of the mean square (TensorFlow's <c>decay</c>, PyTorch's <c>alpha</c>).</param>
/// <param name="Epsilon">RMSProp's epsilon, added inside the square root as TensorFlow does.</param>
/// <param name="L2">Coefficient λ of the L2 loss λ·Σv²/2 over all trainable variables (its gradient λ·v is added to each gradient).</param>
/// <param name="WeightDecay">PyTorch-style weight decay of SGD (added to the gradient inside the step, after clipping).</param>
/// <param name="GradientClipNorm">Clip the global gradient norm to this value; 0 = no clipping.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Epochs">Epochs to train.</param>
/// <param name="Schedule">The cosine schedule's granularity.</param>
public sealed record TrainingRecipe(
    string Name,
    OptimizerKind Optimizer,
    double LearningRate,
    double Momentum,
    double Decay,
    double Epsilon,
    double L2,
    double WeightDecay,
    double GradientClipNorm,
    int BatchSize,
    int Epochs,
    ScheduleKind Schedule)
{
    /// <summary>The NAS-Bench-101 table's recipe (108 epochs; the budget is <see cref="Epochs"/>).</summary>
    public static TrainingRecipe NasBench { get; } = new("nasbench", OptimizerKind.TfRmsProp, 0.2, 0.9, 0.9, 1.0, 1e-4, 0, 0, 256, 108, ScheduleKind.CosinePerStep);

    /// <summary>The seed paper's FashionMNIST recipe (Malhotra &amp; Biswas 2021): SGD, 6 epochs.</summary>
    public static TrainingRecipe SeedPaper { get; } = new("seed-paper", OptimizerKind.Sgd, 0.025, 0.9, 0, 0, 0, 1e-4, 5, 128, 6, ScheduleKind.CosinePerEpoch);

    /// <summary>The named recipes: nasbench and seed-paper.</summary>
    public static IReadOnlyList<TrainingRecipe> All { get; } = [NasBench, SeedPaper];

    /// <summary>The recipe of a <c>--recipe</c> name; throws for unknown names.</summary>
    public static TrainingRecipe Named(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"Unknown recipe '{name}'; known: {string.Join(", ", All.Select(r => r.Name))}.");

    /// <summary>The learning rate of a step (0-based) out of <paramref name="stepsPerEpoch"/> per epoch.</summary>
    public double LearningRateAt(int step, int stepsPerEpoch)
    {
        double progress = Schedule == ScheduleKind.CosinePerStep
            ? (double)step / ((long)Epochs * stepsPerEpoch)
            : (double)(step / stepsPerEpoch) / Epochs;
        return 0.5 * LearningRate * (1 + Math.Cos(Math.PI * progress));
    }
}
