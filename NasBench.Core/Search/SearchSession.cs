using NasBench.Core.Benchmark.Query;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>
/// One search run over a benchmark: answers queries under the run's protocol through the query API's fast path,
/// charges the budget, tracks the incumbent and records the trajectory. One instance per run (not thread-safe);
/// allocation-free per query.
/// </summary>
/// <remarks>
/// <code>
/// query(raw cell):
///     cell = space.TryFind(raw)              prune + table lookup, no MD5; invalid → OutOfDomainException
///     cell not held → OutOfDomainException ("not in this benchmark")
///     every 1024 queries: cancelled? → OperationCanceledException
///     answer = NasBenchApi over the tables (their epochs, halfway or not): nb101 draws repeat k = Next(3) from
///              the query stream, mean3 averages the 3 repeats; the API charges time and epochs
///     queries += 1; simulated = the API's training time spent; explored += first time this cell?
///     valid &gt; incumbent's → new incumbent (test as returned, mean test over 3, regret vs best mean test)
///     emit the step to the observer; record incumbent changes in the trajectory
/// </code>
/// Loops that can go round without querying (cells already known, resampling) call <see cref="Iterate()"/> on every
/// iteration: it observes the token every 1024 iterations, so a run whose iterations are free still cancels, and it ends
/// the run (<see cref="SearchEnd.FreeIterationCap"/>) after <see cref="MaxFreeIterations"/> iterations in a row that
/// charged nothing. An algorithm that knows it has nothing left to query ends the run itself with <see cref="End"/>.
/// </remarks>
public sealed partial class SearchSession
{
    private const int CancellationStride = 1024;
    private readonly NasBenchApi _api;
    private readonly CancellationToken _cancellation;
    private readonly TimeProvider _time;
    private readonly ISearchObserver? _observer;
    private long _maxQueries;
    private readonly double _maxSimulated;
    private readonly long _wallClockTicks;
    private readonly long _start;
    private readonly bool[] _seen;
    private readonly Random _repeats;
    private readonly QueryMode _mode;
    private readonly List<SearchProgress> _trajectory = [];
    private SearchProgress _current;
    private long _iterations;
    private long _freeIterations;
    private long _stepAtLastIteration;
    private bool _ended;

    /// <summary>A session over <paramref name="tables"/>; <paramref name="random"/> draws the repeats (nb101).</summary>
    public SearchSession(BenchmarkTables tables, SearchProtocol protocol, SearchBudget budget, Random random, TimeProvider? time = null,
        ISearchObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(random);
        budget.Validate();
        Tables = tables;
        _repeats = random;
        _mode = protocol == SearchProtocol.MeanOfThree ? QueryMode.MeanOfRepeats : QueryMode.RandomRepeat;
        _api = new NasBenchApi(tables, random, _mode);
        _cancellation = cancellationToken;
        _time = time ?? TimeProvider.System;
        _observer = observer;
        _maxQueries = budget.Queries ?? long.MaxValue;
        _maxSimulated = budget.SimulatedSeconds ?? double.PositiveInfinity;
        _wallClockTicks = budget.WallClock is { } w ? (long)(w.TotalSeconds * _time.TimestampFrequency) : long.MaxValue;
        _start = _time.GetTimestamp();
        _seen = new bool[tables.Space.Count];
        _current = new SearchProgress(0, 0, 0, 0, -1, default, double.NegativeInfinity, double.NaN, double.NaN, double.NaN);
    }

    /// <summary>The tables the run queries.</summary>
    public BenchmarkTables Tables { get; }

    /// <summary>The search space the run samples from.</summary>
    public CellIndex Space => Tables.Space;

    /// <summary>The counters and incumbent after the last query.</summary>
    public SearchProgress Current => _current;

    /// <summary>Queries charged so far.</summary>
    public long Queries => _current.Step;

    /// <summary>The simulated cost so far, counted by the query API (training time, epochs charged).</summary>
    public BudgetCounters Counters => WithOtherBudgets(_api.GetBudgetCounters());

    /// <summary>
    /// Iterations in a row that charge nothing before a run is ended as unable to spend its budget: far more than any
    /// search that still finds new cells goes without one (a local-search climb over known cells costs a few hundred),
    /// and well under a second of free iterations.
    /// </summary>
    public const long MaxFreeIterations = 1_000_000;

    /// <summary>Why the run ended (meaningful once <see cref="Exhausted"/>): the budget, unless it was ended early.</summary>
    public SearchEnd Ending { get; private set; }

    /// <summary>What the run's notes say when it ended early (null when it spent its budget).</summary>
    public string? EndNote { get; private set; }

    /// <summary>True once any budget limit is reached or the run was ended early: algorithms stop querying then.</summary>
    public bool Exhausted =>
        _current.Step >= _maxQueries || _current.SimulatedSeconds >= _maxSimulated
        || (_wallClockTicks != long.MaxValue && _time.GetTimestamp() - _start >= _wallClockTicks);

    /// <summary>Incumbent changes, in order (call <see cref="Finish"/> to append the final step).</summary>
    public IReadOnlyList<SearchProgress> Trajectory => _trajectory;

    /// <summary>
    /// Called on every iteration of a search loop that may not query: observes cancellation (every 1024 calls) and
    /// ends the run after <see cref="MaxFreeIterations"/> calls in a row without a charged query. Returns false once the
    /// run is over (the caller stops).
    /// </summary>
    public bool Iterate() => Iterate(MaxFreeIterations, null);

    /// <summary>As <see cref="Iterate()"/>, for a loop whose free iterations cost more (a model grows with each): the run
    /// ends after <paramref name="maxFree"/> calls in a row without a charged query, its notes saying what
    /// <paramref name="note"/> makes of the cap (formatted only then; by default, that many iterations charged nothing).</summary>
    public bool Iterate(long maxFree, Func<long, string>? note)
    {
        if ((++_iterations & (CancellationStride - 1)) == 0)
        {
            _cancellation.ThrowIfCancellationRequested();
        }

        // Counted here, not in QueryCell, so the charged path stays as it was: a query since the last call restarts the count.
        if (_current.Step != _stepAtLastIteration)
        {
            _stepAtLastIteration = _current.Step;
            _freeIterations = 0;
        }

        if (++_freeIterations > maxFree && !_ended)
        {
            End(SearchEnd.FreeIterationCap, note?.Invoke(maxFree) ?? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{maxFree:N0} iterations in a row charged no query"));
        }

        return !Exhausted;
    }

    /// <summary>Ends the run before its budget is spent (it can spend no more); <paramref name="why"/> goes into its notes.</summary>
    public void End(SearchEnd reason, string why)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        if (_ended)
        {
            return;
        }

        _ended = true;
        _maxQueries = 0; // Exhausted from now on, with no extra test on the per-query path
        Ending = reason;
        EndNote = why;
    }

    /// <summary>Resolves a raw spec to a held cell: false when it is invalid or not in this benchmark.</summary>
    public bool TryResolve(CellKey raw, out int cell) =>
        Space.TryFind(raw, out cell) == SpecStatus.Ok && Tables.Contains(cell);

    /// <summary>Queries a raw (or pruned) spec; returns the validation accuracy the search may use.</summary>
    public double Query(CellKey raw)
    {
        var status = Space.TryFind(raw, out int cell);
        if (status != SpecStatus.Ok)
        {
            throw new OutOfDomainException(status, $"The spec {raw} is not a valid NAS-Bench-101 cell ({OutOfDomainException.StatusName(status)}).");
        }

        return QueryCell(cell);
    }

    /// <summary>Queries a cell by index; returns the validation accuracy the search may use.</summary>
    public double QueryCell(int cell)
    {
        if (!Tables.Contains(cell))
        {
            throw new OutOfDomainException($"The cell {Space.Hash(cell)} is not in this benchmark (it holds {Tables.Held.Count:N0} of {Space.Count:N0} cells); restrict the sampler to the store's cells.");
        }

        if ((_current.Step & (CancellationStride - 1)) == 0)
        {
            _cancellation.ThrowIfCancellationRequested();
        }

        var answer = _api.QueryTabled(cell);
        return Record(cell, answer.ValidationAccuracy, answer.TestAccuracy);
    }

    /// <summary>Counts a charged answer: step, simulated time, cells explored, incumbent, observer, trajectory.</summary>
    private double Record(int cell, double valid, double test)
    {
        double simulated = _api.TrainingTimeSpent + _otherSeconds;
        int explored = _current.CellsExplored;
        if (!_seen[cell])
        {
            _seen[cell] = true;
            explored++;
        }

        bool better = valid > _current.IncumbentValidationAccuracy;
        _current = better
            ? new SearchProgress(_current.Step + 1, explored, simulated, 0, cell, Space.Hash(cell), valid, test,
                Tables.MeanTest(cell), Tables.BestMeanTestAccuracy - Tables.MeanTest(cell))
            : _current with { Step = _current.Step + 1, CellsExplored = explored, SimulatedSeconds = simulated };
        if (better || _observer is not null)
        {
            _current = _current with { WallClockSeconds = ElapsedSeconds() };
        }

        if (better)
        {
            _trajectory.Add(_current);
        }

        _observer?.OnProgress(in _current);
        return valid;
    }

    /// <summary>Appends the final step to the trajectory (once, at the end of the run).</summary>
    public void Finish()
    {
        _current = _current with { WallClockSeconds = ElapsedSeconds() };
        if (_trajectory.Count == 0 || _trajectory[^1].Step != _current.Step)
        {
            _trajectory.Add(_current);
        }
        else
        {
            _trajectory[^1] = _current;
        }
    }

    private double ElapsedSeconds() => (double)(_time.GetTimestamp() - _start) / _time.TimestampFrequency;
}
