using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark;

/// <summary>One evaluation of a trained cell (halfway or at the end of training), as the dataset stores it.</summary>
public readonly record struct EvaluationMetrics(float TrainingTime, float TrainAccuracy, float ValidationAccuracy, float TestAccuracy);

/// <summary>One training repeat of a cell at one epoch budget: the halfway and the final evaluation.</summary>
public readonly record struct RepeatMetrics(EvaluationMetrics Halfway, EvaluationMetrics Final);

/// <summary>
/// Read-only benchmark results addressed by the cell index of <see cref="CellIndex"/>: what the query API, the
/// searches and the studies read. The imported store and in-memory tables implement it; nothing here charges a
/// budget (the query API does).
/// </summary>
public interface IBenchmarkData
{
    /// <summary>Repeats per (cell, epochs): 3 in NAS-Bench-101.</summary>
    const int Repeats = 3;

    /// <summary>The whole search space (the enumeration), for lookups and sampling.</summary>
    CellIndex Space { get; }

    /// <summary>The epoch budgets present, ascending (e.g. [108] or [4, 12, 36, 108]).</summary>
    IReadOnlyList<int> Epochs { get; }

    /// <summary>True when the data was generated (synthetic), not the official file; say so wherever it is shown.</summary>
    bool IsSynthetic { get; }

    /// <summary>The indices (into <see cref="Space"/>) of the cells this data holds, ascending.</summary>
    IReadOnlyList<int> CellIndices { get; }

    /// <summary>
    /// True when this data holds results for the cell (a partial store or a CSV extract holds only some cells).
    /// </summary>
    bool Contains(int cellIndex);

    /// <summary>The cell's trainable parameter count in the 3-stack, 128-channel NAS-Bench-101 network.</summary>
    int TrainableParameters(int cellIndex);

    /// <summary>The metrics of one repeat; throws <see cref="OutOfDomainException"/> for a cell or budget not held.</summary>
    RepeatMetrics Metrics(int cellIndex, int epochs, int repeat);
}
