using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.Search.AlphaX;

/// <summary>Predicts a fixed value for every cell and records what it was asked.</summary>
public sealed class FixedPredictor(double value, bool fitted = true, Action? onFit = null) : IArchitecturePredictor
{
    public bool IsFitted { get; private set; } = fitted;

    public List<int> FitSizes { get; } = [];

    public List<CellKey> Asked { get; } = [];

    public void Fit(IReadOnlyList<CellKey> cells, IReadOnlyList<double> accuracies)
    {
        FitSizes.Add(cells.Count);
        IsFitted = true;
        onFit?.Invoke();
    }

    public void Predict(ReadOnlySpan<CellKey> cells, Span<double> predictions)
    {
        Asked.AddRange(cells);
        predictions[..cells.Length].Fill(value);
    }

    public void Dispose()
    {
    }
}

/// <summary>A deterministic non-neural predictor: the fitted mean, lowered by 0.001 per edge.</summary>
public sealed class MeanPredictorFactory(Action? onFit = null) : IArchitecturePredictorFactory
{
    public string Name => "mean";

    public IArchitecturePredictor Create(NeuralPredictorOptions options, int seed) => new MeanPredictor(onFit);

    private sealed class MeanPredictor(Action? onFit) : IArchitecturePredictor
    {
        private double _mean;

        public bool IsFitted { get; private set; }

        public void Fit(IReadOnlyList<CellKey> cells, IReadOnlyList<double> accuracies)
        {
            _mean = accuracies.Average();
            IsFitted = true;
            onFit?.Invoke();
        }

        public void Predict(ReadOnlySpan<CellKey> cells, Span<double> predictions)
        {
            for (int i = 0; i < cells.Length; i++)
            {
                predictions[i] = _mean - (0.001 * cells[i].EdgeCount);
            }
        }

        public void Dispose()
        {
        }
    }
}
