using System.Text.Json.Serialization;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>A search algorithm instance for one run: proposes cells until the session says the budget is spent.</summary>
public interface ISearchAlgorithm
{
    /// <summary>Runs until <see cref="SearchSession.Exhausted"/>; all randomness comes from <paramref name="random"/>.</summary>
    void Run(SearchSession session, Random random);
}

/// <summary>The options of one algorithm: validated, printable, and a factory of per-run instances.</summary>
public abstract record SearchAlgorithmOptions
{
    /// <summary>The command-line name (random, evolution, tree, …; <see cref="SearchAlgorithms"/> lists them).</summary>
    public abstract string Name { get; }

    /// <summary>When true, samplers draw only cells the benchmark holds (for stores holding part of the space).</summary>
    /// <value>The default value is false: sampling the whole space, a cell the store lacks is an error.</value>
    public bool RestrictToStore { get; init; }

    /// <summary>The options a user sets, each described once (CLI spelling, JSON name, help, default, rule); the record's
    /// own static <c>Described</c> list. Empty for options no request carries.</summary>
    [JsonIgnore]
    public virtual IReadOnlyList<OptionDescription> Descriptions => [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option: the rules of
    /// <see cref="Descriptions"/>, then <see cref="ValidateCombination"/>.</summary>
    public virtual void Validate()
    {
        foreach (var description in Descriptions)
        {
            if (description.Check(this) is { } message)
            {
                throw new ArgumentException(message);
            }
        }

        ValidateCombination();
    }

    /// <summary>Rules that span several values or settings no option describes; throws <see cref="ArgumentException"/>.</summary>
    protected virtual void ValidateCombination()
    {
    }

    /// <summary>The options one run of a request uses: the request's shared settings applied (the benchmark's policy on
    /// sampling, the start cell, the epoch budget, the meta-DNN). The default applies <see cref="RestrictToStore"/>.</summary>
    public virtual SearchAlgorithmOptions ForRun(SearchRunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return this with { RestrictToStore = context.RestrictToStore };
    }

    /// <summary>A fresh instance for one run (instances keep per-run scratch buffers).</summary>
    public abstract ISearchAlgorithm Create();
}

/// <summary>What a request settles for every algorithm it runs (see <see cref="SearchAlgorithmOptions.ForRun"/>).</summary>
/// <param name="Name">The algorithm's name as the request gives it (sh and hyperband share one options record).</param>
/// <param name="RestrictToStore">Sample only cells the benchmark holds (asked for, or a partial benchmark).</param>
/// <param name="Complete">Whether the benchmark holds the whole space.</param>
/// <param name="StartCell">The request's start cell (raw 7-vertex form), or null.</param>
/// <param name="Epochs">The epoch budget of the request's queries.</param>
/// <param name="Predictors">The meta-DNN factory (NasBench.Training's), or null where none is available.</param>
public sealed record SearchRunContext(string Name, bool RestrictToStore, bool Complete, CellKey? StartCell, int Epochs, IArchitecturePredictorFactory? Predictors);

/// <summary>Everything that determines a run besides the data: same configuration, same trajectory, bit for bit.</summary>
/// <remarks>
/// Run r draws from the streams <see cref="SeedStreams"/> derives from (Seed, r): independent for every run and
/// seed, unlike <c>new Random(Seed + r)</c>.
/// </remarks>
/// <param name="Algorithm">Which search and its settings.</param>
/// <param name="Budget">When a run stops: simulated training seconds and/or queries.</param>
/// <param name="Protocol">Which repeat a query answers with and what it charges.</param>
/// <param name="Seed">The experiment's seed; each run's streams derive from it.</param>
/// <param name="Epochs">The epoch budget the queries answer at (4, 12, 36 or 108); the tables a run is given must hold it.</param>
public sealed record SearchConfiguration(SearchAlgorithmOptions Algorithm, SearchBudget Budget, SearchProtocol Protocol, int Seed,
    int Epochs = BenchmarkTables.SearchEpochs)
{
    /// <summary>Throws <see cref="ArgumentException"/> for bad options, a bad budget, or tables at another epoch budget.</summary>
    public void Validate(BenchmarkTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        Algorithm.Validate();
        Budget.Validate();
        if (tables.Epochs != Epochs)
        {
            throw new ArgumentException($"The configuration queries {Epochs}-epoch results but the tables hold {tables.Epochs}-epoch results.");
        }
    }
}

/// <summary>The outcome of one run: its configuration, trajectory (incumbent changes plus the final step) and final step.</summary>
public sealed record SearchResult(SearchConfiguration Configuration, int Run, bool IsSynthetic, IReadOnlyList<SearchProgress> Trajectory)
{
    /// <summary>The algorithm's name (random, evolution, tree, local).</summary>
    public string Algorithm => Configuration.Algorithm.Name;

    /// <summary>The label the CSV's seed column shows (Seed + Run); the run's streams come from (Seed, Run) through <see cref="SeedStreams"/>.</summary>
    public int RunSeed => Configuration.Seed + Run;

    /// <summary>Why the run ended. The default value is <see cref="SearchEnd.BudgetSpent"/>.</summary>
    public SearchEnd End { get; init; }

    /// <summary>Why it ended before spending its budget, for its notes; null when it spent it.</summary>
    public string? EndNote { get; init; }

    /// <summary>The run's last trajectory point: the incumbent when the budget ran out.</summary>
    public SearchProgress Final => Trajectory[^1];

    /// <summary>Queries per second of wall-clock time.</summary>
    public double QueriesPerSecond => Final.WallClockSeconds > 0 ? Final.Step / Final.WallClockSeconds : double.PositiveInfinity;
}
