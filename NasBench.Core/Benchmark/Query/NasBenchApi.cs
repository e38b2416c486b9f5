using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Query;

/// <summary>
/// The query API researchers know from <c>nasbench.api</c>: <see cref="Query(ModelSpec, int, bool)"/> charges the
/// budget, the analysis calls (<see cref="GetMetricsFromHash"/>, <see cref="MeanOfRepeats(int, int, bool)"/>,
/// <see cref="IsValid(ModelSpec)"/>, <see cref="HashIterator"/>) do not.
/// </summary>
/// <remarks>
/// A query is: epochs check → prune (raw cells) → table lookup of the cell (no MD5) → one repeat drawn from the
/// injected random source (or the mean of 3) → add training time and epochs (epochs/2 when halfway) to the budget.
/// The <see cref="Query(CellKey, int, bool)"/> overload does exactly that and allocates nothing: searches use it.
/// An instance is one experiment (one random source, one budget): not thread-safe; use one per run.
/// </remarks>
public sealed class NasBenchApi(IBenchmarkData data, Random random, QueryMode mode = QueryMode.RandomRepeat)
{
    private double _trainingTimeSpent;
    private long _epochsSpent;

    public IBenchmarkData Data { get; } = data ?? throw new ArgumentNullException(nameof(data));

    public QueryMode Mode { get; } = mode;

    public CellIndex Space => Data.Space;

    /// <summary>Queries a raw (unpruned) or pruned cell; throws <see cref="OutOfDomainException"/> when invalid.</summary>
    public QueryMetrics Query(CellKey cell, int epochs = EpochBudgets.Default, bool stopHalfway = false)
    {
        CheckEpochs(epochs);
        var status = cell.Prune(out var pruned);
        int index = status == SpecStatus.Ok ? Space.IndexOfPruned(pruned) : -1;
        if (index < 0)
        {
            throw new OutOfDomainException(status == SpecStatus.Ok ? SpecStatus.Invalid : status,
                $"The cell {cell} is not in the NAS-Bench-101 space ({OutOfDomainException.StatusName(status == SpecStatus.Ok ? SpecStatus.Invalid : status)}).");
        }

        return QueryIndex(index, epochs, stopHalfway);
    }

    /// <summary>Queries the cell with this enumeration index (charges the budget).</summary>
    public QueryMetrics QueryIndex(int cellIndex, int epochs = EpochBudgets.Default, bool stopHalfway = false)
    {
        CheckEpochs(epochs);
        var answer = Mode == QueryMode.RandomRepeat
            ? Pick(cellIndex, Data.Metrics(cellIndex, epochs, random.Next(IBenchmarkData.Repeats)), stopHalfway)
            : MeanOfRepeats(cellIndex, epochs, stopHalfway);
        _trainingTimeSpent += answer.TrainingTime;
        _epochsSpent += stopHalfway ? epochs / 2 : epochs;
        return answer;
    }

    /// <summary>The reference <c>query(model_spec, epochs, stop_halfway)</c>.</summary>
    public NasBenchQueryResult Query(ModelSpec spec, int epochs = EpochBudgets.Default, bool stopHalfway = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var m = Query(spec.Cell, epochs, stopHalfway);
        return new NasBenchQueryResult(Space.Cell(m.Cell), Space.Hash(m.Cell), Data.TrainableParameters(m.Cell), m.TrainingTime,
            m.TrainAccuracy, m.ValidationAccuracy, m.TestAccuracy);
    }

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
            var e = stopHalfway ? m.Halfway : m.Final;
            (time, train, valid, test) = (time + e.TrainingTime, train + e.TrainAccuracy, valid + e.ValidationAccuracy, test + e.TestAccuracy);
        }

        const double n = IBenchmarkData.Repeats;
        return new QueryMetrics(cellIndex, time / n, train / n, valid / n, test / n);
    }

    public QueryMetrics MeanOfRepeats(ModelSpec spec, int epochs = EpochBudgets.Default, bool stopHalfway = false) =>
        MeanOfRepeats(IndexOfHeld(spec), epochs, stopHalfway);

    /// <summary>True when the spec is valid and this benchmark holds its cell (the reference <c>is_valid</c>).</summary>
    public bool IsValid(ModelSpec spec) => spec is not null && Data.Contains(Space.IndexOf(spec));

    public bool IsValid(CellKey cell) => Space.TryFind(cell, out int index) == SpecStatus.Ok && Data.Contains(index);

    public bool IsValid(string adjacency, string operations) => ModelSpec.Check(adjacency, operations).Spec is { } spec && IsValid(spec);

    /// <summary>The hashes this benchmark holds, in enumeration order.</summary>
    public IEnumerable<CellHash> HashIterator() => Data.CellIndices.Select(Space.Hash);

    public BudgetCounters GetBudgetCounters() => new(_trainingTimeSpent, _epochsSpent);

    public void ResetBudgetCounters() => (_trainingTimeSpent, _epochsSpent) = (0, 0);

    private int IndexOfHeld(ModelSpec spec)
    {
        int cell = Space.IndexOf(spec);
        return cell >= 0 && Data.Contains(cell)
            ? cell
            : throw new OutOfDomainException($"The cell {spec} ({spec.Hash}) is not in this benchmark.");
    }

    private static QueryMetrics Pick(int cell, in RepeatMetrics m, bool halfway)
    {
        var e = halfway ? m.Halfway : m.Final;
        return new QueryMetrics(cell, e.TrainingTime, e.TrainAccuracy, e.ValidationAccuracy, e.TestAccuracy);
    }

    private void CheckEpochs(int epochs)
    {
        if (EpochBudgets.SlotOf(epochs) < 0)
        {
            throw new OutOfDomainException($"Invalid number of epochs {epochs}: must be one of {string.Join(", ", EpochBudgets.Valid)}.");
        }
    }
}
