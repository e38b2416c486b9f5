using System.Globalization;
using System.Text.Json.Serialization;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments;

/// <summary>
/// The options of <c>nasbench search</c> and <c>nasbench compare</c>: budget, protocol, runs, seed, and each algorithm's
/// options as a nested value (<see cref="Evolution"/>, <see cref="Tree"/>, …). Every option is described once
/// (<see cref="Described"/>): the CLI's options, <see cref="Validate"/>, <see cref="ExperimentRequest.ToCommandLine"/>, the
/// JSON's flat properties (<c>"population": 100</c>, as requests have always been stored) and the web form come from it.
/// Defaults are the seed paper's (evolution 50/10/1.0, UCB1 C = 1, 10 runs, 5e6 simulated seconds when no budget is given).
/// </summary>
public abstract record SearchSettings : BenchmarkRequest
{
    /// <summary>The algorithm names of <c>--algorithm</c>, as <see cref="SearchAlgorithms"/> registers them.</summary>
    public static readonly string[] AlgorithmNames = [.. SearchAlgorithms.Names];

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

    /// <summary>Random search's options. The default value is its record's defaults.</summary>
    [JsonIgnore]
    public RandomSearchOptions Random { get; init; } = new();

    /// <summary>Regularized evolution's options. The default value is its record's defaults (population 50).</summary>
    [JsonIgnore]
    public EvolutionSearchOptions Evolution { get; init; } = new();

    /// <summary>The UCB1 tree search's options. The default value is its record's defaults.</summary>
    [JsonIgnore]
    public TreeSearchOptions Tree { get; init; } = new();

    /// <summary>Local search's options. The default value is its record's defaults.</summary>
    [JsonIgnore]
    public LocalSearchOptions Local { get; init; } = new();

    /// <summary>Hyperband's and successive halving's options. The default value is its record's defaults.</summary>
    [JsonIgnore]
    public HyperbandSearchOptions Hyperband { get; init; } = new();

    /// <summary>BOHB's options. The default value is its record's defaults.</summary>
    [JsonIgnore]
    public BohbSearchOptions Bohb { get; init; } = new();

    /// <summary>REINFORCE's options. The default value is its record's defaults.</summary>
    [JsonIgnore]
    public ReinforceSearchOptions Reinforce { get; init; } = new();

    /// <summary>TPE's options. The default value is its record's defaults.</summary>
    [JsonIgnore]
    public TpeSearchOptions Tpe { get; init; } = new();

    /// <summary>AlphaX's options. The default value is its record's defaults.</summary>
    [JsonIgnore]
    public AlphaXSearchOptions AlphaX { get; init; } = new();

    /// <summary>BANANAS's options (<see cref="BananasSearchOptions"/>).</summary>
    [JsonIgnore]
    public BananasSearchOptions Bananas { get; init; } = new();

    /// <summary>NPENAS's options (<see cref="NpenasSearchOptions"/>).</summary>
    [JsonIgnore]
    public NpenasSearchOptions Npenas { get; init; } = new();

    /// <summary>SMAC's options. The default value is its record's defaults.</summary>
    [JsonIgnore]
    public SmacSearchOptions Smac { get; init; } = new();

    /// <summary>Sample only cells the benchmark holds (automatic on partial benchmarks). The default value is false.</summary>
    public bool RestrictToStore { get; init; }

    /// <summary>Local search and evolution: the cell to start from, as <see cref="CellArgument"/> writes it (adjacency and
    /// operations separated by a space). Local search's first query is this cell; evolution's population is this cell
    /// and mutants of it. The default value is null (random start cells).</summary>
    public string? StartCell { get; init; }

    /// <summary>What the figures plot: regret (test regret, log axis, as the NAS-Bench-101 paper does) or accuracy
    /// (incumbent mean test accuracy). The default value is regret.</summary>
    public string Plot { get; init; } = "regret";

    /// <summary>Every option of a search request, in command-line order: the shared ones, each algorithm's (in
    /// <see cref="SearchAlgorithms.All"/>' order), then the sampling ones.</summary>
    public static IReadOnlyList<RequestOption> Described { get; } =
    [
        .. SharedHead().Select(d => new RequestOption(d, null)),
        .. SearchAlgorithms.Distinct.SelectMany(a => a.Options.Select(d => new RequestOption(d, a))),
        .. SharedTail().Select(d => new RequestOption(d, null)),
    ];

    /// <summary>The algorithms this request runs, in order.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<string> AlgorithmList { get; }

    /// <summary>The budget, with the default when none is given.</summary>
    [JsonIgnore]
    public SearchBudget Budget =>
        Queries is null && SimulatedSeconds is null && WallclockSeconds is null
            ? SearchBudget.OfSimulatedSeconds(DefaultSimulatedSeconds)
            : new SearchBudget(Queries, SimulatedSeconds, WallclockSeconds is { } w ? TimeSpan.FromSeconds(w) : null);

    /// <summary>The option called <paramref name="name"/> in JSON, or null.</summary>
    public static RequestOption? Option(string name) => Described.FirstOrDefault(o => o.Name == name);

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        ValidateSource(rules);
        ValidateAlgorithms(rules);
        foreach (var option in Described)
        {
            if (option.Check(this) is { } message)
            {
                rules.Fail(option.Name, message);
            }
        }

        ValidateCombinations(rules);
        ValidateStartCell(rules);
        return rules.Errors;
    }

    /// <summary>Rules across an algorithm's options and the request (Hyperband's η with its epoch budgets), checked
    /// where its options are each valid: the algorithm's own <see cref="SearchAlgorithmOptions.Validate"/>.</summary>
    private void ValidateCombinations(RequestRules rules)
    {
        var failed = rules.Errors.Select(e => e.Field).ToHashSet();
        foreach (var entry in SearchAlgorithms.All.Where(a => AlgorithmList.Contains(a.Name)))
        {
            if (entry.Options.Any(o => failed.Contains(o.Name)))
            {
                continue;
            }

            try
            {
                entry.Get(this).ForRun(new SearchRunContext(entry.Name, RestrictToStore, true, null, Epochs, null)).Validate();
            }
            catch (ArgumentException e)
            {
                rules.Fail(entry.Options.Count > 0 ? entry.Options[0].Name : "algorithm", e.Message);
            }
        }
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

    /// <summary>The options that differ from their defaults, as command-line arguments (an algorithm's only when the
    /// request runs it).</summary>
    protected IEnumerable<string> SettingsArguments()
    {
        var uses = AlgorithmList;
        return SourceArguments().Concat(Described.Where(o => o.AppliesTo(uses)).Select(o => o.Argument(this)).OfType<string>());
    }

    private static IEnumerable<OptionDescription> SharedHead()
    {
        var d = new SearchRequest();
        yield return new OptionDescription<SearchSettings, long?>("queries", "Budget: number of queries.", "Queries", d,
            r => r.Queries, (r, v) => r with { Queries = v }, OptionRules.BetweenOrNull<SearchSettings>(1, MaxQueries));
        yield return new OptionDescription<SearchSettings, double?>("simulatedSeconds", Inv($"Budget: simulated training time in seconds (default {DefaultSimulatedSeconds:G} when no budget is given)."),
            "Simulated seconds", d, r => r.SimulatedSeconds, (r, v) => r with { SimulatedSeconds = v }, OptionRules.PositiveAtMost<SearchSettings>(MaxSimulatedSeconds));
        yield return new OptionDescription<SearchSettings, double?>("wallclockSeconds", "Budget: real time per run in seconds.", "Wall-clock seconds", d,
            r => r.WallclockSeconds, (r, v) => r with { WallclockSeconds = v }, OptionRules.PositiveAtMost<SearchSettings>(MaxWallclockSeconds));
        yield return new OptionDescription<SearchSettings, int>("runs", "Independent runs (each with its own random stream derived from --seed), run in parallel.", "Runs", d,
            r => r.Runs, (r, v) => r with { Runs = v }, OptionRules.Between<SearchSettings>(1, 10_000));
        yield return new OptionDescription<SearchSettings, int>("seed", "Seed of the experiment.", "Seed", d, r => r.Seed, (r, v) => r with { Seed = v });
        yield return new OptionDescription<SearchSettings, string>("protocol", "nb101 (one random repeat per query) or mean3 (means of the 3 repeats).", "Protocol", d,
            r => r.Protocol, (r, v) => r with { Protocol = v }, OptionRules.OneOf<SearchSettings>("nb101", "mean3"))
        { Choices = ["nb101", "mean3"], Hint = "nb101: one random repeat per query; mean3: the mean of the 3" };
        yield return new OptionDescription<SearchSettings, int>("epochs", "Epoch budget of every query: 4, 12, 36 or 108.", "Epochs", d,
            r => r.Epochs, (r, v) => r with { Epochs = v }, (_, _, v) => v is 4 or 12 or 36 or 108 ? null : Inv($"--epochs must be 4, 12, 36 or 108 (got {v})."))
        { Choices = ["108", "36", "12", "4"] };
        yield return new OptionDescription<SearchSettings, string>("plot", "Figures: regret (test regret, log axis, as the NAS-Bench-101 paper) or accuracy.", "Figures plot", d,
            r => r.Plot, (r, v) => r with { Plot = v }, OptionRules.OneOf<SearchSettings>("regret", "accuracy"))
        { Choices = ["regret", "accuracy"] };
    }

    private static IEnumerable<OptionDescription> SharedTail()
    {
        var d = new SearchRequest();
        yield return new OptionDescription<SearchSettings, bool>("restrictToStore", "Sample only cells the benchmark holds (automatic for partial benchmarks).", "Only cells the benchmark holds", d,
            r => r.RestrictToStore, (r, v) => r with { RestrictToStore = v });
        yield return new OptionDescription<SearchSettings, string?>("startCell", $"Local search, evolution: the cell to start from: the --adjacency and --operations values of `train` separated by a space, e.g. '{CellArgument.Example}' (local search queries it first; evolution's population is it and mutants of it).",
            "Start cell (local, evolution)", d, r => r.StartCell, (r, v) => r with { StartCell = v })
        { Hint = "adjacency and operations separated by a space; empty: random" };
    }

    /// <summary>Formats with the invariant culture (command lines are culture-free).</summary>
    protected static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary><c>nasbench search</c>: one algorithm, several seeded runs.</summary>
public sealed record SearchRequest : SearchSettings
{
    /// <inheritdoc/>
    public override string Kind => ExperimentKinds.Search;

    /// <summary>One of <see cref="SearchSettings.AlgorithmNames"/>. The default value is random.</summary>
    public string Algorithm { get; init; } = "random";

    /// <inheritdoc/>
    [JsonIgnore]
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
        CommandLine.Join(ExperimentKinds.Search, [Algorithm != "random" ? $"--algorithm {CommandLine.Quote(Algorithm)}" : null, .. SettingsArguments()]);
}

/// <summary><c>nasbench compare</c>: several algorithms × runs, the seed paper's three figures and a table.</summary>
public sealed record CompareRequest : SearchSettings
{
    /// <summary>The four algorithms a comparison runs when none are named.</summary>
    public static readonly IReadOnlyList<string> DefaultAlgorithms = ["random", "evolution", "tree", "local"];

    /// <inheritdoc/>
    public override string Kind => ExperimentKinds.Compare;

    /// <summary>The algorithms to compare. The default value is random, evolution, tree, local.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = DefaultAlgorithms;

    /// <inheritdoc/>
    [JsonIgnore]
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
        CommandLine.Join(ExperimentKinds.Compare, [Algorithms.SequenceEqual(DefaultAlgorithms) ? null : $"--algorithms {string.Join(',', Algorithms)}", .. SettingsArguments()]);

    /// <inheritdoc/>
    public bool Equals(CompareRequest? other) =>
        other is not null && base.Equals(other) && Algorithms.SequenceEqual(other.Algorithms);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), string.Join(',', Algorithms));
}
