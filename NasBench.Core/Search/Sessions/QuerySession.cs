using NasBench.Core.Benchmark.Query;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>The algorithm of an ask/tell session: it runs outside the lab (a lab's own Python), so it only has a name.</summary>
public sealed record ExternalAlgorithmOptions(string AlgorithmName) : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => AlgorithmName;

    /// <inheritdoc/>
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(AlgorithmName) || AlgorithmName.Length > 64)
        {
            throw new ArgumentException("An ask/tell session needs an algorithm name of 1 to 64 characters.");
        }
    }

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => throw new InvalidOperationException("An ask/tell session's algorithm runs outside the lab.");
}

/// <summary>One ask/tell session: a <see cref="SearchSession"/> that a remote algorithm drives query by query.</summary>
/// <remarks>Run <see cref="Run"/> of its experiment: the repeats (nb101) come from <see cref="SeedStreams.Create"/>(configuration
/// seed, run, <see cref="StreamPurpose.QueryRepeat"/>), as run <see cref="Run"/> of a search; so the same seed and the same
/// queries give the same answers and trajectory, which is how a restarted server restores a session (<see cref="Replay"/>).</remarks>
public sealed class QuerySession
{
    private readonly Lock _gate = new();
    private SearchResult? _result;

    /// <summary>Opens session <paramref name="id"/>, run <paramref name="run"/> of <paramref name="configuration"/> over <paramref name="tables"/>.</summary>
    public QuerySession(string id, SearchConfiguration configuration, BenchmarkTables tables, int run, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(tables);
        configuration.Validate(tables);
        Id = id;
        Configuration = configuration;
        Run = run;
        IsSynthetic = tables.IsSynthetic;
        Session = new SearchSession(tables, configuration.Protocol, configuration.Budget, SeedStreams.Create(configuration.Seed, run, StreamPurpose.QueryRepeat), time);
    }

    /// <summary>The session's id (what the URL carries).</summary>
    public string Id { get; }

    /// <summary>Name, protocol, budget and seed, as a search's configuration.</summary>
    public SearchConfiguration Configuration { get; }

    /// <summary>The run number (the session's seed).</summary>
    public int Run { get; }

    /// <summary>True when the benchmark is synthetic.</summary>
    public bool IsSynthetic { get; }

    /// <summary>The tables the session queries.</summary>
    public BenchmarkTables Tables => Session.Tables;

    /// <summary>Whether the budget is spent.</summary>
    public bool Exhausted
    {
        get
        {
            lock (_gate)
            {
                return Session.Exhausted;
            }
        }
    }

    /// <summary>Whether <see cref="Finish"/> was called.</summary>
    public bool Finished
    {
        get
        {
            lock (_gate)
            {
                return _result is not null;
            }
        }
    }

    internal SearchSession Session { get; }

    /// <summary>
    /// The reference <c>query(ModelSpec(adjacency, operations), epochs, stop_halfway)</c>, charged to the session.
    /// Throws <see cref="OutOfDomainException"/> for an invalid spec, <see cref="InvalidOperationException"/> once the
    /// budget is spent or the session is finished. <paramref name="record"/> is called (under the session's lock, before
    /// the answer is returned) with the charged query's cell: the durable log's line.
    /// </summary>
    public (QueryMetrics Answer, SearchProgress Progress, BudgetCounters Counters, bool Exhausted) Query(int[,] adjacency, IReadOnlyList<string> operations, int epochs, bool stopHalfway,
        Action<int>? record = null)
    {
        var spec = ModelSpec.Create(adjacency, operations);
        lock (_gate)
        {
            if (_result is not null || Session.Exhausted)
            {
                throw new InvalidOperationException(_result is not null ? "The session is finished." : $"The session's budget ({Configuration.Budget}) is spent.");
            }

            int cell = Session.Space.IndexOfPruned(spec.Cell);
            var answer = Session.QueryMetricsAt(cell, epochs, stopHalfway);
            record?.Invoke(cell);
            return (answer, Session.Current, Session.Counters, Session.Exhausted);
        }
    }

    /// <summary>Repeats a logged query (a restarted server restoring the session): the same charge, the same draw.</summary>
    public void Replay(int cell, int epochs, bool stopHalfway)
    {
        lock (_gate)
        {
            Session.QueryMetricsAt(cell, epochs, stopHalfway);
        }
    }

    /// <summary>The incumbent changes so far (what the live curve shows).</summary>
    public IReadOnlyList<SearchProgress> TrajectorySoFar()
    {
        lock (_gate)
        {
            return [.. Session.Trajectory];
        }
    }

    /// <summary>Ends the session (once; later calls return the same result): its trajectory, as a search run's.</summary>
    public SearchResult Finish()
    {
        lock (_gate)
        {
            if (_result is null)
            {
                Session.Finish();
                _result = new SearchResult(Configuration, Run, IsSynthetic, [.. Session.Trajectory]);
            }

            return _result;
        }
    }
}
