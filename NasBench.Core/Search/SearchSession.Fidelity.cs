using NasBench.Core.Benchmark.Query;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Queries at other epoch budgets (multi-fidelity searches) and the cancellation check of free iterations.</summary>
public sealed partial class SearchSession
{
    private NasBenchApi? _otherBudgets;
    private double _otherSeconds;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the run is cancelled: searches call it on every
    /// loop iteration, charged or not, so a run whose iterations are free still stops.</summary>
    public void ThrowIfCancellationRequested() => _cancellation.ThrowIfCancellationRequested();

    /// <summary>
    /// Queries a held cell at <paramref name="epochs"/> (4, 12, 36 or 108), as the reference <c>query(spec, epochs)</c>
    /// does: the protocol's repeat (drawn from the same query stream), its training time charged, no resume from a
    /// smaller budget. The incumbent is kept by the validation accuracy returned, at whatever budget; regret is the
    /// tables' (the configuration's epochs). Returns the validation accuracy.
    /// </summary>
    public double QueryCellAt(int cell, int epochs) =>
        epochs == Tables.Epochs ? QueryCell(cell) : QueryMetricsAt(cell, epochs, Tables.StopHalfway).ValidationAccuracy;

    /// <summary>
    /// The reference <c>query(spec, epochs, stop_halfway)</c> of a held cell: every number it returns, charged as it
    /// charges (the answer's training time; the epochs, half of them halfway), counted in the trajectory like any query.
    /// </summary>
    public QueryMetrics QueryMetricsAt(int cell, int epochs, bool stopHalfway)
    {
        QueryRules.CheckEpochs(epochs);
        if (!Tables.Contains(cell))
        {
            throw new OutOfDomainException($"The cell {Space.Hash(cell)} is not in this benchmark.");
        }

        _cancellation.ThrowIfCancellationRequested();
        _otherBudgets ??= new NasBenchApi(Tables.Data, _repeats, _mode);
        double before = _otherBudgets.TrainingTimeSpent;
        var answer = _otherBudgets.QueryIndex(cell, epochs, stopHalfway);
        _otherSeconds += _otherBudgets.TrainingTimeSpent - before;
        Record(cell, answer.ValidationAccuracy, answer.TestAccuracy);
        return answer;
    }

    private BudgetCounters WithOtherBudgets(BudgetCounters counters) => _otherBudgets?.GetBudgetCounters() is { } other
        ? new BudgetCounters(counters.TrainingTimeSpent + other.TrainingTimeSpent, counters.EpochsSpent + other.EpochsSpent)
        : counters;
}
