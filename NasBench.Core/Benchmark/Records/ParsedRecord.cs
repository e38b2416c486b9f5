namespace NasBench.Core.Benchmark.Records;

/// <summary>What the importer keeps of one record: no strings, no objects.</summary>
internal struct ParsedRecord
{
    /// <summary>The cell's index in the enumeration.</summary>
    public int Cell;

    /// <summary>The budget's position in <see cref="EpochBudgets.Valid"/>.</summary>
    public int EpochSlot;

    public int TrainableParameters;

    public RepeatMetrics Metrics;

    /// <summary>True when an evaluation carries the synthetic generator's checkpoint marker.</summary>
    public bool IsSynthetic;
}
