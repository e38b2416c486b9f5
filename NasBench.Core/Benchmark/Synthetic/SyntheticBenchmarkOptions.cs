namespace NasBench.Core.Benchmark.Synthetic;

/// <summary>What <see cref="SyntheticBenchmark"/> and the in-memory synthetic benchmark generate.</summary>
/// <param name="Cells">The first N cells of the enumeration. The default value is all 423,624.</param>
/// <param name="AllEpochs">All four budgets (like nasbench_full) instead of 108 only (like nasbench_only108). The default value is false.</param>
/// <param name="Seed">Seed of the values. The default value is 0.</param>
public sealed record SyntheticBenchmarkOptions(int Cells = SearchSpace.CellIndex.UniqueCells, bool AllEpochs = false, int Seed = 0)
{
    public IReadOnlyList<int> Epochs => AllEpochs ? EpochBudgets.Valid : [EpochBudgets.Default];

    public long RecordCount(int spaceCount) => (long)Math.Min(Cells, spaceCount) * Epochs.Count * IBenchmarkData.Repeats;

    /// <summary>Throws <see cref="ArgumentException"/> (message names --cells) unless at least one cell is asked for.</summary>
    public void Validate()
    {
        if (Cells < 1)
        {
            throw new ArgumentException($"--cells must be at least 1 (got {Cells}).");
        }
    }
}
