using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark;

/// <summary>
/// Benchmark results held in arrays, built from code, from a records CSV (<see cref="FromRecordsCsv"/>) or
/// generated (<see cref="Synthetic(CellIndex, NasBench.Core.Benchmark.Synthetic.SyntheticBenchmarkOptions, CancellationToken)"/>): what the searches and studies run on when no imported store is at hand.
/// </summary>
/// <remarks>
/// Rows follow <see cref="CellIndices"/> (ascending cell index); <c>_rowOf[cell]</c> is the row or -1. Metrics of
/// row r, epoch budget e (position in <see cref="Epochs"/>) and repeat k live at <c>(r·E + e)·3 + k</c>.
/// </remarks>
public sealed partial class InMemoryBenchmarkData : IBenchmarkData
{
    private readonly int[] _cells;
    private readonly int[] _rowOf;
    private readonly int[] _parameters;
    private readonly RepeatMetrics[] _metrics;
    private readonly int[] _epochs;

    /// <param name="space">The enumerated space.</param>
    /// <param name="cellIndices">The cells held, strictly ascending.</param>
    /// <param name="epochs">The epoch budgets held, strictly ascending.</param>
    /// <param name="trainableParameters">Per row.</param>
    /// <param name="metrics">Per row, budget and repeat: <c>(row·epochs.Length + e)·3 + repeat</c>.</param>
    /// <param name="isSynthetic">True for generated data.</param>
    public InMemoryBenchmarkData(CellIndex space, int[] cellIndices, int[] epochs, int[] trainableParameters, RepeatMetrics[] metrics, bool isSynthetic)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(cellIndices);
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(trainableParameters);
        ArgumentNullException.ThrowIfNull(metrics);
        if (epochs.Length == 0 || trainableParameters.Length != cellIndices.Length
            || metrics.Length != cellIndices.Length * epochs.Length * IBenchmarkData.Repeats)
        {
            throw new ArgumentException("Benchmark arrays disagree: need one parameter count per cell and 3 repeats per cell and epoch budget.");
        }

        Space = space;
        _cells = cellIndices;
        _epochs = epochs;
        _parameters = trainableParameters;
        _metrics = metrics;
        _rowOf = new int[space.Count];
        Array.Fill(_rowOf, -1);
        for (int r = 0; r < cellIndices.Length; r++)
        {
            int cell = cellIndices[r];
            if ((uint)cell >= (uint)space.Count || (r > 0 && cell <= cellIndices[r - 1]))
            {
                throw new ArgumentException($"Cell indices must be ascending and inside the space; row {r} holds {cell}.");
            }

            _rowOf[cell] = r;
        }

        IsSynthetic = isSynthetic;
    }

    /// <inheritdoc/>
    public CellIndex Space { get; }

    /// <inheritdoc/>
    public IReadOnlyList<int> Epochs => _epochs;

    /// <inheritdoc/>
    public bool IsSynthetic { get; }

    /// <inheritdoc/>
    public IReadOnlyList<int> CellIndices => _cells;

    /// <inheritdoc/>
    public bool Contains(int cellIndex) => (uint)cellIndex < (uint)_rowOf.Length && _rowOf[cellIndex] >= 0;

    /// <inheritdoc/>
    public int TrainableParameters(int cellIndex) => _parameters[RowOf(cellIndex)];

    /// <inheritdoc/>
    public RepeatMetrics Metrics(int cellIndex, int epochs, int repeat)
    {
        int row = RowOf(cellIndex);
        int e = Array.IndexOf(_epochs, epochs);
        if (e < 0)
        {
            throw new OutOfDomainException($"This benchmark holds no results at {epochs} epochs (it holds {string.Join(", ", _epochs)}).");
        }

        if ((uint)repeat >= IBenchmarkData.Repeats)
        {
            throw new OutOfDomainException($"Repeat {repeat} does not exist: repeats are 0, 1 and 2.");
        }

        return _metrics[(((row * _epochs.Length) + e) * IBenchmarkData.Repeats) + repeat];
    }

    private int RowOf(int cellIndex)
    {
        if (!Contains(cellIndex))
        {
            string hash = (uint)cellIndex < (uint)Space.Count ? Space.Hash(cellIndex).ToString() : $"#{cellIndex}";
            throw new OutOfDomainException($"The cell {hash} is not in this benchmark (it holds {_cells.Length:N0} of {Space.Count:N0} cells).");
        }

        return _rowOf[cellIndex];
    }
}
