using System.Runtime.CompilerServices;
using NasBench.Core.Search;
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
/// The <see cref="Query(CellKey, int, bool)"/> overload does exactly that and allocates nothing. Built over
/// <see cref="BenchmarkTables"/>, queries at the tables' budget read the flat tables instead of the store: that is
/// the path every search session charges through (<see cref="SearchSession"/>), so a search at 4, 12 or 36
/// epochs or halfway is the same code as <c>nasbench query</c>.
/// An instance is one experiment (one random source, one budget): not thread-safe; use one per run.
/// </remarks>
public sealed partial class NasBenchApi
{
    private readonly Random _random;
    private readonly BenchmarkTables? _tables;
    private readonly long _tabledEpochs;
    private double _trainingTimeSpent;
    private long _epochsSpent;

    /// <summary>Queries <paramref name="data"/>, drawing repeats from <paramref name="random"/>.</summary>
    public NasBenchApi(IBenchmarkData data, Random random, QueryMode mode = QueryMode.RandomRepeat)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        Mode = mode;
    }

    /// <summary>Queries <paramref name="data"/> with the repeat stream of <paramref name="seed"/> (<see cref="SeedStreams"/>).</summary>
    public NasBenchApi(IBenchmarkData data, int seed, QueryMode mode = QueryMode.RandomRepeat)
        : this(data, SeedStreams.Create(seed, 0, StreamPurpose.QueryRepeat), mode)
    {
    }

    /// <summary>Queries the data behind <paramref name="tables"/>; queries at the tables' budget read the tables.</summary>
    public NasBenchApi(BenchmarkTables tables, Random random, QueryMode mode = QueryMode.RandomRepeat)
        : this(tables?.Data!, random, mode)
    {
        _tables = tables;
        _tabledEpochs = QueryRules.EpochsCharged(tables!.Epochs, tables.StopHalfway);
    }

    /// <summary>Queries over <paramref name="tables"/> with the repeat stream of <paramref name="seed"/>.</summary>
    public NasBenchApi(BenchmarkTables tables, int seed, QueryMode mode = QueryMode.RandomRepeat)
        : this(tables, SeedStreams.Create(seed, 0, StreamPurpose.QueryRepeat), mode)
    {
    }

    /// <summary>The benchmark results queried.</summary>
    public IBenchmarkData Data { get; }

    /// <summary>
    /// Which repeat a query answers with: a seeded random one, as the reference does, or the mean of the three.
    /// </summary>
    public QueryMode Mode { get; }

    /// <summary>The search space the queries resolve cells in.</summary>
    public CellIndex Space => Data.Space;

    /// <summary>Sum of the training times answered so far (the budget's simulated seconds).</summary>
    internal double TrainingTimeSpent => _trainingTimeSpent;

    /// <summary>Queries a raw (unpruned) or pruned cell; throws <see cref="OutOfDomainException"/> when invalid.</summary>
    public QueryMetrics Query(CellKey cell, int epochs = EpochBudgets.Default, bool stopHalfway = false)
    {
        QueryRules.CheckEpochs(epochs);
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
        QueryRules.CheckEpochs(epochs);
        if (_tables is { } tables && tables.Epochs == epochs && tables.StopHalfway == stopHalfway)
        {
            if (!tables.Contains(cellIndex))
            {
                throw new OutOfDomainException($"The cell {cellIndex} is not in this benchmark.");
            }

            return QueryTabled(cellIndex);
        }

        var answer = Mode == QueryMode.RandomRepeat
            ? Answer(cellIndex, QueryRules.Pick(Data.Metrics(cellIndex, epochs, QueryRules.DrawRepeat(_random)), stopHalfway))
            : MeanOfRepeats(cellIndex, epochs, stopHalfway);
        _trainingTimeSpent += answer.TrainingTime;
        _epochsSpent += QueryRules.EpochsCharged(epochs, stopHalfway);
        return answer;
    }

    /// <summary>
    /// The search sessions' query: a held cell at the tables' budget, answered from the tables (the same numbers
    /// as <see cref="QueryIndex"/> reads from the store) and charged. The caller has checked that the cell is held.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal QueryMetrics QueryTabled(int cell)
    {
        var tables = _tables!;
        QueryMetrics answer;
        if (Mode == QueryMode.RandomRepeat)
        {
            answer = Answer(cell, tables.Answer(cell, QueryRules.DrawRepeat(_random)));
        }
        else
        {
            ref readonly var a = ref tables.Answer(cell, 0);
            ref readonly var b = ref tables.Answer(cell, 1);
            ref readonly var c = ref tables.Answer(cell, 2);
            const double n = IBenchmarkData.Repeats;
            answer = new QueryMetrics(cell, tables.MeanTrainingTime(cell), ((double)a.TrainAccuracy + b.TrainAccuracy + c.TrainAccuracy) / n,
                tables.MeanValidation(cell), tables.MeanTest(cell));
        }

        _trainingTimeSpent += answer.TrainingTime;
        _epochsSpent += _tabledEpochs;
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

    /// <summary>
    /// The training time and epochs charged by queries so far (the reference <c>get_budget_counters</c>).
    /// </summary>
    public BudgetCounters GetBudgetCounters() => new(_trainingTimeSpent, _epochsSpent);

    /// <summary>Sets the charged training time and epochs back to zero.</summary>
    public void ResetBudgetCounters() => (_trainingTimeSpent, _epochsSpent) = (0, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static QueryMetrics Answer(int cell, in EvaluationMetrics e) =>
        new(cell, e.TrainingTime, e.TrainAccuracy, e.ValidationAccuracy, e.TestAccuracy);
}
