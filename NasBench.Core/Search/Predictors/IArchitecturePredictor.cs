using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>
/// A surrogate of the benchmark: fitted on the (cell, validation accuracy) pairs a search has queried, it predicts the
/// accuracy of cells not queried. AlphaX's meta-DNN and BANANAS's ensemble are two (<see cref="NeuralPredictorOptions"/>).
/// Predictions are free: they never touch the session's budget. One instance per run (not thread-safe).
/// </summary>
public interface IArchitecturePredictor : IDisposable
{
    /// <summary>Whether <see cref="Fit"/> has run at least once (before it, predictions mean nothing).</summary>
    bool IsFitted { get; }

    /// <summary>(Re)trains on every pair queried so far; cells are pruned (as <see cref="CellIndex.Cell"/> holds them).</summary>
    void Fit(IReadOnlyList<CellKey> cells, IReadOnlyList<double> accuracies);

    /// <summary>Writes the predicted validation accuracy of each cell (the ensemble's mean) into <paramref name="predictions"/>.</summary>
    void Predict(ReadOnlySpan<CellKey> cells, Span<double> predictions);

    /// <summary>
    /// Writes the ensemble's mean prediction and the population standard deviation of its members' predictions
    /// (numpy's <c>np.sqrt(np.var(predictions, axis=0))</c>), both as accuracies, for BANANAS's acquisition. A
    /// predictor of one network has no spread: the default writes <see cref="Predict"/> and zeros.
    /// </summary>
    void PredictDistribution(ReadOnlySpan<CellKey> cells, Span<double> mean, Span<double> standardDeviation)
    {
        Predict(cells, mean);
        standardDeviation[..cells.Length].Clear();
    }
}

/// <summary>Makes one seeded predictor per run: where the neural ones live (NasBench.Training) hands one to Core.</summary>
public interface IArchitecturePredictorFactory
{
    /// <summary>A short name for errors and notes (neural, …).</summary>
    string Name { get; }

    /// <summary>A fresh predictor built as <paramref name="options"/> describes (AlphaX's meta-DNN, BANANAS's ensemble),
    /// whose initial weights and shuffles come from <paramref name="seed"/> alone.</summary>
    IArchitecturePredictor Create(NeuralPredictorOptions options, int seed);
}
