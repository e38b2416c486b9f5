using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Query;

/// <summary>The analysis calls of the query API: they read the benchmark and never charge the budget.</summary>
public sealed partial class NasBenchApi
{
    /// <summary>All repeats of every budget of a hash, without charging the budget.</summary>
    public NasBenchMetrics GetMetricsFromHash(CellHash moduleHash)
    {
        int cell = Space.IndexOf(moduleHash);
        if (cell < 0 || !Data.Contains(cell))
        {
            throw new OutOfDomainException($"The hash {moduleHash} is not in this benchmark.");
        }

        return GetMetrics(cell);
    }

    /// <summary>
    /// Every repeat at every epoch budget of the spec's cell, like the reference <c>get_metrics_from_spec</c>; charges nothing.
    /// </summary>
    public NasBenchMetrics GetMetricsFromSpec(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return GetMetrics(IndexOfHeld(spec));
    }

    /// <summary>All repeats of a cell by enumeration index, without charging the budget.</summary>
    public NasBenchMetrics GetMetrics(int cellIndex)
    {
        var repeats = Data.Epochs.ToDictionary(e => e, e => Enumerable.Range(0, IBenchmarkData.Repeats).Select(r => Data.Metrics(cellIndex, e, r)).ToArray());
        return new NasBenchMetrics(Space.Cell(cellIndex), Space.Hash(cellIndex), Data.TrainableParameters(cellIndex), repeats);
    }

    /// <summary>The mean over the 3 repeats, without charging the budget.</summary>
    public QueryMetrics MeanOfRepeats(int cellIndex, int epochs = EpochBudgets.Default, bool stopHalfway = false)
    {
        double time = 0, train = 0, valid = 0, test = 0;
        for (int r = 0; r < IBenchmarkData.Repeats; r++)
        {
            var m = Data.Metrics(cellIndex, epochs, r);
            var e = QueryRules.Pick(m, stopHalfway);
            (time, train, valid, test) = (time + e.TrainingTime, train + e.TrainAccuracy, valid + e.ValidationAccuracy, test + e.TestAccuracy);
        }

        const double n = IBenchmarkData.Repeats;
        return new QueryMetrics(cellIndex, time / n, train / n, valid / n, test / n);
    }

    /// <summary>The mean of the three repeats of the spec's cell at <paramref name="epochs"/>; charges nothing.</summary>
    public QueryMetrics MeanOfRepeats(ModelSpec spec, int epochs = EpochBudgets.Default, bool stopHalfway = false) =>
        MeanOfRepeats(IndexOfHeld(spec), epochs, stopHalfway);

    /// <summary>True when the spec is valid and this benchmark holds its cell (the reference <c>is_valid</c>).</summary>
    public bool IsValid(ModelSpec spec) => spec is not null && Data.Contains(Space.IndexOf(spec));

    /// <summary>True when the cell is in the space and this data holds it (the reference <c>is_valid</c>).</summary>
    public bool IsValid(CellKey cell) => Space.TryFind(cell, out int index) == SpecStatus.Ok && Data.Contains(index);

    /// <summary>True when the adjacency and operations strings make a valid spec that this data holds.</summary>
    public bool IsValid(string adjacency, string operations) => ModelSpec.Check(adjacency, operations).Spec is { } spec && IsValid(spec);

    /// <summary>The hashes this benchmark holds, in enumeration order.</summary>
    public IEnumerable<CellHash> HashIterator() => Data.CellIndices.Select(Space.Hash);

    private int IndexOfHeld(ModelSpec spec)
    {
        int cell = Space.IndexOf(spec);
        return cell >= 0 && Data.Contains(cell)
            ? cell
            : throw new OutOfDomainException($"The cell {spec} ({spec.Hash}) is not in this benchmark.");
    }
}
