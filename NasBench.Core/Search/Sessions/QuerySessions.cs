using System.Collections.Concurrent;
using NasBench.Core.Benchmark.Query;
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
public sealed class QuerySession
{
    private readonly Lock _gate = new();
    private SearchResult? _result;

    internal QuerySession(string id, SearchConfiguration configuration, SearchSession session, bool synthetic)
    {
        Id = id;
        Configuration = configuration;
        Session = session;
        IsSynthetic = synthetic;
    }

    /// <summary>The session's id (what the URL carries).</summary>
    public string Id { get; }

    /// <summary>Name, protocol, budget and seed, as a search's configuration.</summary>
    public SearchConfiguration Configuration { get; }

    /// <summary>True when the benchmark is synthetic.</summary>
    public bool IsSynthetic { get; }

    /// <summary>The tables the session queries.</summary>
    public BenchmarkTables Tables => Session.Tables;

    internal SearchSession Session { get; }

    /// <summary>
    /// The reference <c>query(ModelSpec(adjacency, operations), epochs, stop_halfway)</c>, charged to the session.
    /// Throws <see cref="OutOfDomainException"/> for an invalid spec, <see cref="InvalidOperationException"/> once the
    /// budget is spent or the session is finished.
    /// </summary>
    public (QueryMetrics Answer, SearchProgress Progress, BudgetCounters Counters, bool Exhausted) Query(int[,] adjacency, IReadOnlyList<string> operations, int epochs, bool stopHalfway)
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
            return (answer, Session.Current, Session.Counters, Session.Exhausted);
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
                _result = new SearchResult(Configuration, 0, IsSynthetic, [.. Session.Trajectory]);
            }

            return _result;
        }
    }
}

/// <summary>The open ask/tell sessions of a lab server (in memory: a restart ends them).</summary>
public sealed class QuerySessions
{
    private readonly ConcurrentDictionary<string, QuerySession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Opens a session over <paramref name="tables"/> (regret and incumbent as a search's at the tables' epochs);
    /// its query stream derives from <paramref name="seed"/> as run 0 of a search seeded so.</summary>
    public QuerySession Create(BenchmarkTables tables, string algorithm, SearchProtocol protocol, SearchBudget budget, int seed)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var configuration = new SearchConfiguration(new ExternalAlgorithmOptions(algorithm), budget, protocol, seed, tables.Epochs);
        configuration.Validate(tables);
        var session = new SearchSession(tables, protocol, budget, SeedStreams.Create(seed, 0, StreamPurpose.QueryRepeat));
        var created = new QuerySession(Guid.NewGuid().ToString("N"), configuration, session, tables.IsSynthetic);
        _sessions[created.Id] = created;
        return created;
    }

    /// <summary>The session of an id, or null.</summary>
    public QuerySession? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <summary>Finishes and forgets a session; null when there is none.</summary>
    public SearchResult? Finish(string id) => _sessions.TryRemove(id, out var session) ? session.Finish() : null;
}
