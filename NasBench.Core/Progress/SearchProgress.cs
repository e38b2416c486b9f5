using NasBench.Core.SearchSpace;

namespace NasBench.Core.Progress;

/// <summary>
/// One step of a search (plain data, cheap to copy, ready to stream): the counters after the step and the
/// incumbent (best validation accuracy so far). Trajectories are lists of these at the steps where the incumbent
/// changed, plus the final step.
/// </summary>
/// <param name="Step">Queries made so far.</param>
/// <param name="CellsExplored">Distinct cells queried so far.</param>
/// <param name="SimulatedSeconds">Sum of the training times the queries returned.</param>
/// <param name="WallClockSeconds">Real time since the run started.</param>
/// <param name="IncumbentCell">Cell index of the incumbent (-1 before the first query).</param>
/// <param name="IncumbentHash">Its module hash.</param>
/// <param name="IncumbentValidationAccuracy">The validation accuracy that made it the incumbent.</param>
/// <param name="IncumbentTestAccuracy">The test accuracy the same query returned.</param>
/// <param name="IncumbentMeanTestAccuracy">Its test accuracy averaged over the 3 repeats.</param>
/// <param name="TestRegret">Best mean test accuracy of the benchmark minus the incumbent's mean test accuracy.</param>
public readonly record struct SearchProgress(
    long Step,
    int CellsExplored,
    double SimulatedSeconds,
    double WallClockSeconds,
    int IncumbentCell,
    CellHash IncumbentHash,
    double IncumbentValidationAccuracy,
    double IncumbentTestAccuracy,
    double IncumbentMeanTestAccuracy,
    double TestRegret);

/// <summary>Receives every step of a run (on the run's thread); keep it cheap.</summary>
public interface ISearchObserver
{
    /// <summary>Called at every step of a run with its current state (the incumbent, the budget spent).</summary>
    void OnProgress(in SearchProgress progress);
}
