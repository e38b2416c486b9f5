namespace NasBench.Training.Predictors;

/// <summary>The meta-DNN's architecture and training, as <c>net_predictor.py</c> of linnanwang/AlphaX-NASBench101 has them unless said.</summary>
public sealed record MetaDnnOptions
{
    /// <summary>Hidden layer widths, each Linear + ReLU; then Linear(1) and a sigmoid.</summary>
    /// <value>The default value is [512, 2048, 2048, 512] (<c>build_env_model</c>: Dense 512, 2048, 2048, 512, then Dense(1, sigmoid)).</value>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [512, 2048, 2048, 512];

    /// <summary>Passes over every queried cell at each (re)fit; the weights carry over between fits (Keras's fit continues).</summary>
    /// <value>The default value is 20 (<c>env_model.fit(..., batch_size=128, epochs=20)</c>).</value>
    public int Epochs { get; init; } = 20;

    /// <summary>Mini-batch size.</summary>
    /// <value>The default value is 128 (the reference's).</value>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's learning rate (loss: mean squared error).</summary>
    /// <value>The default value is 2e-4 (<c>Adam(lr=0.0002)</c>).</value>
    public double LearningRate { get; init; } = 2e-4;

    /// <summary>Independently initialised networks whose predictions are averaged (BANANAS uses 5).</summary>
    /// <value>The default value is 1 (AlphaX's single meta-DNN).</value>
    public int EnsembleSize { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> for a bad value.</summary>
    public void Validate()
    {
        if (HiddenSizes.Count == 0 || HiddenSizes.Any(h => h < 1) || Epochs < 1 || BatchSize < 1 || EnsembleSize < 1 || !(LearningRate > 0))
        {
            throw new ArgumentException("The meta-DNN needs hidden widths ≥ 1, epochs, batch size and ensemble size ≥ 1 and a positive learning rate.");
        }
    }
}
