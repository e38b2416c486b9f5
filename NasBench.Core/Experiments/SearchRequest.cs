using System.Globalization;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments;

/// <summary>
/// The options of <c>nasbench search</c> and <c>nasbench compare</c>: algorithm options, budget, protocol, runs, seed.
/// Defaults are the seed paper's (evolution 50/10/1.0, UCB1 C = 1, 10 runs, 5e6 simulated seconds when no budget is given).
/// </summary>
public abstract record SearchSettings : BenchmarkRequest
{
    /// <summary>The algorithm names of <c>--algorithm</c>: random, evolution, tree, local, successive halving,
    /// Hyperband, BOHB, REINFORCE, TPE, AlphaX (<see cref="Runners.SearchAlgorithmFactory"/> registers each).</summary>
    public static readonly string[] AlgorithmNames = ["random", "evolution", "tree", "local", "sh", "hyperband", "bohb", "reinforce", "tpe", "alphax", "bananas"];

    /// <summary>The names as help and errors list them.</summary>
    public static string AlgorithmNameList => string.Join(", ", AlgorithmNames);

    /// <summary>The largest query budget (10^12: far beyond any search's need; larger values would run for days).</summary>
    public const long MaxQueries = 1_000_000_000_000;

    /// <summary>The largest simulated budget: 10^10 s, several times the training time of the whole space.</summary>
    public const double MaxSimulatedSeconds = 1e10;

    /// <summary>The largest wall-clock budget per run: 10^6 s (11.6 days).</summary>
    public const double MaxWallclockSeconds = 1e6;

    /// <summary>The budget when none of queries, simulated or wall-clock seconds is given.</summary>
    public const double DefaultSimulatedSeconds = 5e6;

    /// <summary>Budget: number of queries. The default value is null.</summary>
    public long? Queries { get; init; }

    /// <summary>Budget: simulated training seconds. The default value is null (5e6 when no budget is given).</summary>
    public double? SimulatedSeconds { get; init; }

    /// <summary>Budget: real seconds per run. The default value is null.</summary>
    public double? WallclockSeconds { get; init; }

    /// <summary>Independent runs. The default value is 10.</summary>
    public int Runs { get; init; } = 10;

    /// <summary>The experiment's seed; run r's random stream is derived from (seed, r). The default value is 0.</summary>
    public int Seed { get; init; }

    /// <summary>nb101 (one random repeat per query) or mean3 (means of the 3 repeats). The default value is nb101.</summary>
    public string Protocol { get; init; } = "nb101";

    /// <summary>Epoch budget of every query: 4, 12, 36 or 108 (the full file has all four). The default value is 108.</summary>
    public int Epochs { get; init; } = 108;

    /// <summary>Random search: the cell distribution. The default value is auto (raw on a complete benchmark, uniform over a partial one).</summary>
    public CellDistribution Sampler { get; init; } = CellDistribution.Auto;

    /// <summary>Evolution: population size. The default value is 50 (the NAS-Bench-101 paper used 100).</summary>
    public int Population { get; init; } = 50;

    /// <summary>Evolution: tournament size. The default value is 10.</summary>
    public int Tournament { get; init; } = 10;

    /// <summary>Evolution: mutation rate. The default value is 1.0.</summary>
    public double MutationRate { get; init; } = 1.0;

    /// <summary>Tree search: the UCB1 constant C. The default value is 1.0.</summary>
    public double Exploration { get; init; } = 1.0;

    /// <summary>Tree search: a child for every other op of each vertex, not one random. The default value is false.</summary>
    public bool ExpandAllOps { get; init; }

    /// <summary>Local search: do not re-query cells already evaluated. The default value is false.</summary>
    public bool ReuseEvaluations { get; init; }

    /// <summary>Local search: skip neighbours already queried, as naszilla does. The default value is false.</summary>
    public bool SkipKnown { get; init; }

    /// <summary>Local search: move to the first better neighbour (naszilla's default), not the best. The default value is false.</summary>
    public bool FirstImprovement { get; init; }

    /// <summary>Local search: continue from the best unexpanded cell at a minimum (naszilla's stop_at_minimum = False), not restart. The default value is false.</summary>
    public bool ContinueAtMinimum { get; init; }

    /// <summary>Local search: random cells drawn per start, the best one starts the climb (naszilla: 10). The default value is 1.</summary>
    public int StartSamples { get; init; } = 1;

    /// <summary>Random search: never query a cell twice (naszilla's). The default value is false (with replacement, as the seed's notebook).</summary>
    public bool WithoutReplacement { get; init; }

    /// <summary>Sample only cells the benchmark holds (automatic on partial benchmarks). The default value is false.</summary>
    public bool RestrictToStore { get; init; }

    /// <summary>Local search and evolution: the cell to start from, as <see cref="CellArgument"/> writes it (adjacency and
    /// operations separated by a space). Local search's first query is this cell; evolution's population is this cell
    /// and mutants of it. The default value is null (random start cells).</summary>
    public string? StartCell { get; init; }

    /// <summary>What the figures plot: regret (test regret, log axis, as the NAS-Bench-101 paper does) or accuracy
    /// (incumbent mean test accuracy). The default value is regret.</summary>
    public string Plot { get; init; } = "regret";

    /// <summary>The algorithms this request runs, in order.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public abstract IReadOnlyList<string> AlgorithmList { get; }

    /// <summary>The budget, with the default when none is given.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SearchBudget Budget =>
        Queries is null && SimulatedSeconds is null && WallclockSeconds is null
            ? SearchBudget.OfSimulatedSeconds(DefaultSimulatedSeconds)
            : new SearchBudget(Queries, SimulatedSeconds, WallclockSeconds is { } w ? TimeSpan.FromSeconds(w) : null);

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        ValidateSource(rules);
        ValidateAlgorithms(rules);
        rules.InRange("queries", Queries, 1, MaxQueries)
            .PositiveAtMost("simulatedSeconds", SimulatedSeconds, MaxSimulatedSeconds)
            .PositiveAtMost("wallclockSeconds", WallclockSeconds, MaxWallclockSeconds)
            .InRange("runs", Runs, 1, 10_000)
            .OneOf("protocol", Protocol, "nb101", "mean3")
            .OneOf("plot", Plot, "regret", "accuracy")
            .InRange("population", Population, 2, 1_000_000)
            .InRange("startSamples", StartSamples, 1, LocalSearchOptions.MaxStartSamples);
        if (!(MutationRate > 0 && MutationRate <= 7))
        {
            rules.Fail("mutationRate", Inv($"--mutation-rate must be in (0, 7] (got {MutationRate})."));
        }
        if (Epochs is not (4 or 12 or 36 or 108))
        {
            rules.Fail("epochs", Inv($"--epochs must be 4, 12, 36 or 108 (got {Epochs})."));
        }

        if (!Enum.IsDefined(Sampler))
        {
            rules.Fail("sampler", "Unknown --sampler: use auto, raw or uniform.");
        }

        if (Tournament < 1 || Tournament > Population)
        {
            rules.Fail("tournament", Inv($"--tournament must be between 1 and --population ({Population}) (got {Tournament})."));
        }

        if (!(Exploration >= 0 && Exploration <= 1e6))
        {
            rules.Fail("exploration", Inv($"--exploration must be between 0 and 1000000 (got {Exploration})."));
        }

        ValidateStartCell(rules);
        return rules.Errors;
    }

    private void ValidateStartCell(RequestRules rules)
    {
        if (StartCell is null)
        {
            return;
        }

        if (CellArgument.Check(StartCell) is { Spec: null } check)
        {
            rules.Fail("startCell", $"--start-cell: {check.Message}");
        }

        if (!AlgorithmList.Any(a => a is "local" or "evolution"))
        {
            rules.Fail("startCell", $"--start-cell applies to local search and evolution, not {string.Join(", ", AlgorithmList)}.");
        }
    }

    /// <summary>The algorithms' own rule: names must be known, at least one.</summary>
    protected abstract void ValidateAlgorithms(RequestRules rules);

    /// <summary>Requires at least one name, each one of <see cref="AlgorithmNames"/>.</summary>
    protected static void ValidateAlgorithmNames(RequestRules rules, string field, IReadOnlyList<string>? names)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (names is null || names.Count == 0)
        {
            rules.Fail(field, $"{RequestRules.Option(field)} needs at least one of {AlgorithmNameList}.");
            return;
        }

        foreach (string name in names)
        {
            rules.OneOf(field, name, AlgorithmNames);
        }
    }

    /// <summary>The shared options that differ from their defaults, as command-line arguments.</summary>
    protected IEnumerable<string> SettingsArguments()
    {
        foreach (string s in SourceArguments())
        {
            yield return s;
        }

        if (Queries is { } q)
        {
            yield return Inv($"--queries {q}");
        }

        if (SimulatedSeconds is { } sim)
        {
            yield return Inv($"--simulated-seconds {sim:R}");
        }

        if (WallclockSeconds is { } wall)
        {
            yield return Inv($"--wallclock-seconds {wall:R}");
        }

        if (Runs != 10)
        {
            yield return Inv($"--runs {Runs}");
        }

        if (Seed != 0)
        {
            yield return Inv($"--seed {Seed}");
        }

        if (Protocol != "nb101")
        {
            yield return $"--protocol {CommandLine.Quote(Protocol)}";
        }

        if (Epochs != 108)
        {
            yield return Inv($"--epochs {Epochs}");
        }

        if (Plot != "regret")
        {
            yield return $"--plot {CommandLine.Quote(Plot)}";
        }

        var uses = AlgorithmList;
        if (uses.Contains("random") && Sampler != CellDistribution.Auto)
        {
            yield return $"--sampler {CellDistributions.Name(Sampler)}";
        }

        if (uses.Contains("evolution"))
        {
            if (Population != 50)
            {
                yield return Inv($"--population {Population}");
            }

            if (Tournament != 10)
            {
                yield return Inv($"--tournament {Tournament}");
            }

            if (MutationRate != 1.0)
            {
                yield return Inv($"--mutation-rate {MutationRate:R}");
            }
        }

        if (uses.Contains("tree"))
        {
            if (Exploration != 1.0)
            {
                yield return Inv($"--exploration {Exploration:R}");
            }

            if (ExpandAllOps)
            {
                yield return "--expand-all-ops";
            }
        }

        if (uses.Contains("random") && WithoutReplacement)
        {
            yield return "--without-replacement";
        }

        if (uses.Contains("local"))
        {
            foreach (string flag in LocalSearchArguments())
            {
                yield return flag;
            }
        }

        if (RestrictToStore)
        {
            yield return "--restrict-to-store";
        }

        if (StartCell is not null)
        {
            yield return $"--start-cell {CommandLine.Quote(StartCell)}";
        }
    }

    private IEnumerable<string> LocalSearchArguments()
    {
        if (ReuseEvaluations)
        {
            yield return "--reuse-evaluations";
        }

        if (SkipKnown)
        {
            yield return "--skip-known";
        }

        if (FirstImprovement)
        {
            yield return "--first-improvement";
        }

        if (ContinueAtMinimum)
        {
            yield return "--continue-at-minimum";
        }

        if (StartSamples != 1)
        {
            yield return Inv($"--start-samples {StartSamples}");
        }
    }

    /// <summary>Formats with the invariant culture (command lines are culture-free).</summary>
    protected static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary><c>nasbench search</c>: one algorithm, several seeded runs.</summary>
public sealed record SearchRequest : SearchSettings
{
    /// <inheritdoc/>
    public override string Kind => "search";

    /// <summary>One of <see cref="SearchSettings.AlgorithmNames"/>. The default value is random.</summary>
    public string Algorithm { get; init; } = "random";

    /// <inheritdoc/>
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> AlgorithmList => [Algorithm];

    /// <inheritdoc/>
    protected override void ValidateAlgorithms(RequestRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (string.IsNullOrWhiteSpace(Algorithm))
        {
            rules.Fail("algorithm", $"--algorithm is required: {AlgorithmNameList}.");
        }
        else
        {
            rules.OneOf("algorithm", Algorithm, AlgorithmNames);
        }
    }

    /// <inheritdoc/>
    public override string ToCommandLine() =>
        CommandLine.Join("search", [Algorithm != "random" ? $"--algorithm {CommandLine.Quote(Algorithm)}" : null, .. SettingsArguments()]);
}

/// <summary><c>nasbench compare</c>: several algorithms × runs, the seed paper's three figures and a table.</summary>
public sealed record CompareRequest : SearchSettings
{
    /// <summary>The four algorithms a comparison runs when none are named.</summary>
    public static readonly IReadOnlyList<string> DefaultAlgorithms = ["random", "evolution", "tree", "local"];

    /// <inheritdoc/>
    public override string Kind => "compare";

    /// <summary>The algorithms to compare. The default value is random, evolution, tree, local.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = DefaultAlgorithms;

    /// <inheritdoc/>
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> AlgorithmList => Algorithms;

    /// <summary>The seed paper's comparison: random, evolution and tree search, 10 runs, 5e6 simulated seconds.</summary>
    public static CompareRequest SeedPaper() => new() { Algorithms = ["random", "evolution", "tree"], Runs = 10, SimulatedSeconds = 5e6 };

    /// <inheritdoc/>
    protected override void ValidateAlgorithms(RequestRules rules)
    {
        ValidateAlgorithmNames(rules, "algorithms", Algorithms);
        if (Algorithms is { Count: > 0 } && Algorithms.Distinct().Count() != Algorithms.Count)
        {
            rules.Fail("algorithms", "--algorithms names an algorithm twice.");
        }
    }

    /// <inheritdoc/>
    public override string ToCommandLine() =>
        CommandLine.Join("compare", [Algorithms.SequenceEqual(DefaultAlgorithms) ? null : $"--algorithms {string.Join(',', Algorithms)}", .. SettingsArguments()]);

    /// <inheritdoc/>
    public bool Equals(CompareRequest? other) =>
        other is not null && base.Equals(other) && Algorithms.SequenceEqual(other.Algorithms);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), string.Join(',', Algorithms));
}
