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
    public double QueryCellAt(int cell, int epochs)
    {
        if (epochs == Tables.Epochs)
        {
            return QueryCell(cell);
        }

        QueryRules.CheckEpochs(epochs);
        if (!Tables.Contains(cell))
        {
            throw new OutOfDomainException($"The cell {Space.Hash(cell)} is not in this benchmark.");
        }

        _cancellation.ThrowIfCancellationRequested();
        _otherBudgets ??= new NasBenchApi(Tables.Data, _repeats, _mode);
        double before = _otherBudgets.TrainingTimeSpent;
        var answer = _otherBudgets.QueryIndex(cell, epochs, Tables.StopHalfway);
        _otherSeconds += _otherBudgets.TrainingTimeSpent - before;
        return Record(cell, answer.ValidationAccuracy, answer.TestAccuracy);
    }

    private BudgetCounters WithOtherBudgets(BudgetCounters counters) => _otherBudgets?.GetBudgetCounters() is { } other
        ? new BudgetCounters(counters.TrainingTimeSpent + other.TrainingTimeSpent, counters.EpochsSpent + other.EpochsSpent)
        : counters;
}
