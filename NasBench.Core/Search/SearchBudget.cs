namespace NasBench.Core.Search;

/// <summary>When a run stops: any limit reached ends it. At least one limit must be set.</summary>
/// <remarks>
/// Budgets are checked before each query, as the reference notebooks do, so the query that crosses the simulated
/// time limit still counts (the run ends just past the limit, never short of it). Simulated time is the sum of the
/// training times the queries returned (the reference API's <c>training_time_spent</c> counter).
/// </remarks>
/// <param name="Queries">Maximum number of queries (cells evaluated, repeats included).</param>
/// <param name="SimulatedSeconds">Maximum simulated training time in seconds.</param>
/// <param name="WallClock">Maximum real time, measured with the run's <see cref="TimeProvider"/>.</param>
public sealed record SearchBudget(long? Queries = null, double? SimulatedSeconds = null, TimeSpan? WallClock = null)
{
    /// <summary>A budget of <paramref name="queries"/> benchmark queries.</summary>
    public static SearchBudget OfQueries(long queries) => new(Queries: queries);

    /// <summary>A budget of simulated training time: the sum of the queried cells' training seconds.</summary>
    public static SearchBudget OfSimulatedSeconds(double seconds) => new(SimulatedSeconds: seconds);

    /// <summary>Throws when no limit is set or a limit is not positive.</summary>
    public void Validate()
    {
        if (Queries is null && SimulatedSeconds is null && WallClock is null)
        {
            throw new ArgumentException("A search budget needs a limit: queries, simulated seconds or wall-clock time.");
        }

        if (Queries is <= 0 || SimulatedSeconds is <= 0 or double.NaN || WallClock <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Budget limits must be positive (got {this}).");
        }
    }

    /// <summary>The limits as the CLI prints them.</summary>
    public override string ToString() =>
        string.Join(", ", new[]
        {
            Queries is { } q ? $"{q} queries" : null,
            SimulatedSeconds is { } s ? $"{s:G6} simulated s" : null,
            WallClock is { } w ? $"{w.TotalSeconds:G6} wall-clock s" : null,
        }.Where(x => x is not null));
}
