using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Query;

/// <summary>How a query turns the 3 repeats into one answer.</summary>
public enum QueryMode
{
    /// <summary>One repeat drawn at random, as the reference <c>query</c> does (the NAS-Bench-101 paper's protocol).</summary>
    RandomRepeat,

    /// <summary>The mean of the 3 repeats (the protocol of the BANANAS and local-search papers); charges the mean time.</summary>
    MeanOfRepeats,
}

/// <summary>The fast query's answer: the cell index and the four numbers, no allocation.</summary>
public readonly record struct QueryMetrics(int Cell, double TrainingTime, double TrainAccuracy, double ValidationAccuracy, double TestAccuracy);

/// <summary>
/// What the reference <c>query</c> returns, with its field names; <c>Module</c> is the stored canonical cell
/// (module_adjacency and module_operations).
/// </summary>
public sealed record NasBenchQueryResult(CellKey Module, CellHash ModuleHash, int TrainableParameters, double TrainingTime,
    double TrainAccuracy, double ValidationAccuracy, double TestAccuracy)
{
    /// <summary>The stored cell's adjacency matrix, as the reference's <c>module_adjacency</c>.</summary>
    public int[,] ModuleAdjacency => Module.ToMatrix();

    /// <summary>The stored cell's operations, as the reference's <c>module_operations</c>.</summary>
    public string[] ModuleOperations => Module.ToOperations();
}

/// <summary>
/// What the reference <c>get_metrics_from_hash</c> returns: the fixed statistics and, per epoch budget, the 3 repeats
/// (halfway_* and final_* values).
/// </summary>
public sealed record NasBenchMetrics(CellKey Module, CellHash ModuleHash, int TrainableParameters, IReadOnlyDictionary<int, RepeatMetrics[]> Repeats)
{
    /// <summary>The stored cell's adjacency matrix, as the reference's <c>module_adjacency</c>.</summary>
    public int[,] ModuleAdjacency => Module.ToMatrix();

    /// <summary>The stored cell's operations, as the reference's <c>module_operations</c>.</summary>
    public string[] ModuleOperations => Module.ToOperations();
}

/// <summary>The simulated cost of the queries so far (the reference's <c>get_budget_counters</c>).</summary>
/// <param name="TrainingTimeSpent">Sum of the training_time of every answer, seconds.</param>
/// <param name="EpochsSpent">Sum of the epochs queried (half of them for halfway queries).</param>
public readonly record struct BudgetCounters(double TrainingTimeSpent, long EpochsSpent);
