namespace NasBench.Core.Search;

/// <summary>The input a neural predictor sees of a cell.</summary>
public enum PredictorEncoding
{
    /// <summary>AlphaX's 56 numbers: the n×n adjacency padded to 49 and an integer code per vertex (NasBench.Training's <c>AlphaXEncoding</c>).</summary>
    AlphaX,

    /// <summary>BANANAS's one-hot path encoding (<see cref="PathEncoding"/>), truncated to <see cref="NeuralPredictorOptions.PathCutoff"/>.</summary>
    Paths,
}

/// <summary>What the networks are trained to output.</summary>
public enum PredictorTarget
{
    /// <summary>The validation accuracy in [0, 1] (AlphaX: a sigmoid output).</summary>
    Accuracy,

    /// <summary>The validation error in percent, 100·(1 − accuracy): naszilla's <c>val_loss</c>, BANANAS's target.</summary>
    ErrorPercent,
}

/// <summary>The training loss.</summary>
public enum PredictorLoss
{
    /// <summary>Mean squared error (AlphaX's meta-DNN).</summary>
    SquaredError,

    /// <summary>Mean absolute error (BANANAS's <c>loss='mae'</c>).</summary>
    AbsoluteError,
}

/// <summary>
/// A neural predictor as one description: an ensemble of MLPs over an encoding of the cell, trained with Adam on the
/// queried cells. AlphaX's meta-DNN and BANANAS's ensemble are two settings of it (<see cref="AlphaXMetaDnn"/>,
/// <see cref="BananasEnsemble"/>); NasBench.Training builds the networks (TorchSharp) from it, so the searches in
/// Core state their predictor's defaults without depending on TorchSharp.
/// </summary>
/// <remarks>
/// <code>
/// net:      x → (Linear + ReLU) per hidden width → Linear(1) [→ sigmoid when SigmoidOutput]
/// init:     the first UniformLayers weight matrices U(−0.05, 0.05), the others Glorot-uniform; biases zero
/// Fit:      y = target(accuracy); per member: WarmStart and fitted before? keep weights and Adam state : fresh
///           weights and Adam; Epochs × (shuffle, batches of BatchSize: Adam step on Loss)
/// Predict:  each member's output turned back into an accuracy; the ensemble's mean and population sd (np.std)
/// </code>
/// </remarks>
public sealed record NeuralPredictorOptions
{
    /// <summary>AlphaX's meta-DNN as linnanwang/AlphaX-NASBench101's <c>net_predictor.py</c> has it: the 56-number encoding,
    /// Dense 512-2048-2048-512 (ReLU) then Dense(1, sigmoid), first three layers U(±0.05), Adam(lr 2e-4), MSE, batch
    /// 128, 20 epochs per (re)fit, the weights kept between fits (Keras's fit continues); one network.</summary>
    public static NeuralPredictorOptions AlphaXMetaDnn { get; } = new()
    {
        Encoding = PredictorEncoding.AlphaX,
        HiddenSizes = [512, 2048, 2048, 512],
        SigmoidOutput = true,
        UniformLayers = 3,
        Target = PredictorTarget.Accuracy,
        Loss = PredictorLoss.SquaredError,
        LearningRate = 2e-4,
        Beta2 = 0.999,
        Epochs = 20,
        BatchSize = 128,
        EnsembleSize = 1,
        WarmStart = true,
    };

    /// <summary>BANANAS's ensemble as naszilla has it (<c>params.meta_neuralnet_params('standard')</c>,
    /// <c>MetaNeuralnet.fit</c>): the path encoding truncated to 40, 10 Dense layers of 20 (ReLU) then Dense(1),
    /// Keras's Glorot-uniform init, Adam(lr 0.01, β₁ 0.9, β₂ 0.99), MAE on the validation error in percent, batch 32,
    /// 150 epochs, 5 networks, each trained from scratch at every round.</summary>
    public static NeuralPredictorOptions BananasEnsemble { get; } = new()
    {
        Encoding = PredictorEncoding.Paths,
        PathCutoff = PathEncoding.TruncatedLength,
        HiddenSizes = [20, 20, 20, 20, 20, 20, 20, 20, 20, 20],
        SigmoidOutput = false,
        UniformLayers = 0,
        Target = PredictorTarget.ErrorPercent,
        Loss = PredictorLoss.AbsoluteError,
        LearningRate = 0.01,
        Beta2 = 0.99,
        Epochs = 150,
        BatchSize = 32,
        EnsembleSize = 5,
        WarmStart = false,
    };

    /// <summary>The input encoding.</summary>
    /// <value>The default value is <see cref="PredictorEncoding.Paths"/> (AlphaX: <see cref="PredictorEncoding.AlphaX"/>).</value>
    public PredictorEncoding Encoding { get; init; } = PredictorEncoding.Paths;

    /// <summary>The path encoding's length: the first PathCutoff of the 364 path indices (ignored for AlphaX's encoding).</summary>
    /// <value>The default value is 40 (naszilla's <c>cutoff</c> for <c>trunc_path</c>).</value>
    public int PathCutoff { get; init; } = PathEncoding.TruncatedLength;

    /// <summary>Hidden layer widths, each Linear + ReLU.</summary>
    /// <value>The default value is ten layers of 20 (BANANAS; AlphaX: 512, 2048, 2048, 512).</value>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [20, 20, 20, 20, 20, 20, 20, 20, 20, 20];

    /// <summary>Whether the output goes through a sigmoid.</summary>
    /// <value>The default value is false (BANANAS; AlphaX: true).</value>
    public bool SigmoidOutput { get; init; }

    /// <summary>How many of the first weight matrices are drawn U(−0.05, 0.05) (Keras's RandomUniform) instead of Glorot-uniform.</summary>
    /// <value>The default value is 0 (BANANAS, Keras's default init; AlphaX: 3, its <c>kernel_initializer</c>s).</value>
    public int UniformLayers { get; init; }

    /// <summary>What the networks output.</summary>
    /// <value>The default value is <see cref="PredictorTarget.ErrorPercent"/> (BANANAS; AlphaX: accuracy).</value>
    public PredictorTarget Target { get; init; } = PredictorTarget.ErrorPercent;

    /// <summary>The training loss.</summary>
    /// <value>The default value is <see cref="PredictorLoss.AbsoluteError"/> (BANANAS; AlphaX: squared error).</value>
    public PredictorLoss Loss { get; init; } = PredictorLoss.AbsoluteError;

    /// <summary>Adam's learning rate.</summary>
    /// <value>The default value is 0.01 (BANANAS; AlphaX: 2e-4).</value>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Adam's β₂ (β₁ is 0.9 in both references).</summary>
    /// <value>The default value is 0.99 (naszilla's <c>Adam(lr, beta_1=.9, beta_2=.99)</c>; AlphaX: Keras's 0.999).</value>
    public double Beta2 { get; init; } = 0.99;

    /// <summary>Passes over the queried cells at each fit.</summary>
    /// <value>The default value is 150 (BANANAS; AlphaX: 20).</value>
    public int Epochs { get; init; } = 150;

    /// <summary>Mini-batch size.</summary>
    /// <value>The default value is 32 (BANANAS; AlphaX: 128).</value>
    public int BatchSize { get; init; } = 32;

    /// <summary>Independently initialised networks; predictions are their mean, their spread the acquisition's sd.</summary>
    /// <value>The default value is 5 (BANANAS's <c>num_ensemble</c>; AlphaX: 1).</value>
    public int EnsembleSize { get; init; } = 5;

    /// <summary>Whether a refit continues from the previous weights and Adam state (true) or starts from fresh ones.</summary>
    /// <value>The default value is false (BANANAS builds new networks every round; AlphaX: true).</value>
    public bool WarmStart { get; init; }

    /// <summary>The encoding's length.</summary>
    public int InputLength => Encoding == PredictorEncoding.AlphaX ? 56 : PathCutoff;

    /// <summary>Throws <see cref="ArgumentException"/> for a bad value.</summary>
    public void Validate()
    {
        if (HiddenSizes is null || HiddenSizes.Count == 0 || HiddenSizes.Any(h => h < 1) || Epochs < 1 || BatchSize < 1 || EnsembleSize < 1
            || !(LearningRate > 0) || double.IsInfinity(LearningRate) || !(Beta2 > 0 && Beta2 < 1) || UniformLayers < 0)
        {
            throw new ArgumentException("A neural predictor needs hidden widths ≥ 1, epochs, batch size and ensemble size ≥ 1, "
                + "a positive finite learning rate, β₂ in (0, 1) and uniform layers ≥ 0.");
        }

        if (Encoding == PredictorEncoding.Paths && PathCutoff is < 1 or > PathEncoding.PathCount)
        {
            throw new ArgumentException($"The path cutoff must be 1 to {PathEncoding.PathCount} (got {PathCutoff}).");
        }
    }
}
