using System.Globalization;

namespace NasBench.Core.Experiments;

/// <summary>One experiment of a preset: what it is, its request, what it reproduces, and what it should cost.</summary>
/// <param name="Label">Short name ("comparison", "distance study").</param>
/// <param name="Request">The request as launched (the benchmark source already applied).</param>
/// <param name="Reproduces">The figures or tables of the paper it reproduces, and the paper's numbers where known.</param>
/// <param name="Estimate">The rough cost (<see cref="PresetEstimate"/>).</param>
/// <param name="Optional">Whether it is left out unless asked for (a training study that takes days on a CPU).</param>
public sealed record PresetPart(string Label, ExperimentRequest Request, string Reproduces, PresetEstimate Estimate, bool Optional = false);

/// <summary>A preset: experiments of one paper launched together and gathered on one page.</summary>
/// <param name="Name">The preset's name (<see cref="ExperimentPresets.Names"/>).</param>
/// <param name="Title">As pages show it.</param>
/// <param name="Paper">The paper it reproduces (authors, year, title).</param>
/// <param name="Parts">Its experiments, in launch order.</param>
public sealed record ExperimentPreset(string Name, string Title, string Paper, IReadOnlyList<PresetPart> Parts);

/// <summary>A cost estimate: CPU seconds on one core, and the rule it came from (shown beside it).</summary>
public sealed record PresetEstimate(double CpuSeconds, string Rule)
{
    /// <summary>"about 12 s", "about 3 h 24 min", "about 40 days".</summary>
    public string Text => Describe(CpuSeconds);

    /// <summary>A duration as <see cref="Presentation.Durations"/> writes it, said to be rough.</summary>
    public static string Describe(double seconds) => seconds < 1 ? "under 1 s" : "about " + Presentation.Durations.Format(TimeSpan.FromSeconds(seconds));
}

/// <summary>
/// The lab's presets: the seed paper (Malhotra &amp; Biswas 2021: its search figures with random, evolution, tree and
/// local search, the distance and performant-cells studies, and — on request — Table 1's transfer study), the
/// NAS-Bench-101 paper's Fig. 7 and the 150-query table (<see cref="ComparePresets"/>).
/// </summary>
/// <remarks>
/// The estimates follow one stated rule, not a measurement of this machine:
/// <code>
/// queries per run = the budget's queries, or simulated seconds / s̄, where
///     s̄ = 1,925 s (mean 108-epoch training time of 30,001 real NAS-Bench-101 cells) for single-fidelity searches,
///     s̄ = 222 s for hyperband, bohb and sh (mostly 4- and 12-epoch queries: BOHB measured 45 CPU-s per run to 1e7 s
///          at 1.0 k queries/s)
/// CPU seconds = Σ over algorithms of runs × queries per run / (queries/s measured on one core, NOTES.md) + 2 s per
///     experiment (open the store, write the figures)
/// </code>
/// The studies cost seconds; a transfer study is images / (15 images/s: the measured 10–41 images/s of the
/// full-size network on 2 CPU threads).
/// </remarks>
public static class ExperimentPresets
{
    /// <summary>The seed paper's figures and studies.</summary>
    public const string SeedPaper = "seed-paper";

    /// <summary>The preset names, seed paper first.</summary>
    public static IReadOnlyList<string> Names { get; } = [SeedPaper, ComparePresets.Fig7, ComparePresets.Table150];

    /// <summary>Mean 108-epoch training time of the 30,001 real cells of metrics_30k.csv, in seconds.</summary>
    public const double MeanTrainingSeconds = 1_925;

    /// <summary>Simulated seconds per query of the multi-fidelity searches (measured for BOHB).</summary>
    public const double MultiFidelitySecondsPerQuery = 222;

    /// <summary>Images per second of the full-size network on 2 CPU threads (the middle of the measured 10–41).</summary>
    public const double TrainingImagesPerSecond = 15;

    /// <summary>Queries per second on one core (NOTES.md; the loaded numbers where no quiet one was measured). BOHB's is per
    /// run to 10⁷ s: 10⁷ / <see cref="MultiFidelitySecondsPerQuery"/> queries in 0.265 CPU-s (its fifth speed-up, 0.51 → 0.265
    /// CPU-s a run: <c>nasbench search --algorithm bohb</c> to 10⁷ s, nb101, /work/bench-home, 100 runs less 20 runs); TPE's likewise: 10⁷ / <see cref="MeanTrainingSeconds"/> queries in 0.025
    /// CPU-s (its third speed-up, 0.073 → 0.025 CPU-s a run: <c>nasbench search --algorithm tpe</c> to 10⁷ s, nb101,
    /// /work/bench-home, 200 runs less 40 runs). The searches whose model is refitted as a run grows are in
    /// <see cref="ModelCost"/> instead.</summary>
    public static IReadOnlyDictionary<string, double> QueriesPerSecond { get; } = new Dictionary<string, double>
    {
        ["random"] = 1.85e6, ["uniform"] = 6.6e6, ["evolution"] = 6.0e5, ["tree"] = 3.75e5, ["local"] = 2.7e6,
        ["reinforce"] = 2.5e4, ["tpe"] = 2.1e5, ["hyperband"] = 2.98e5, ["sh"] = 1.48e5, ["bohb"] = 1.7e5,
    };

    // Declared before ModelCost, which reads it (static initializers run in textual order).
    private static readonly (double A, double P) BananasCost = PowerLaw(150, 6.3, 1e6 / MeanTrainingSeconds, 104);

    /// <summary>CPU-s of one run of q queries, A·q^P, for the searches that refit a model on every query or round (its cost
    /// grows with the queries so far, so no one rate fits both presets): the power law through two measured runs, q counted
    /// as <see cref="Estimate"/> counts it. BANANAS: 6.3 CPU-s at 150 queries (mean3, 20 runs) and 104 at 10⁶ s (519 queries
    /// by the rule; nb101, 2 runs); SMAC: 0.5 CPU-s at 150 queries (mean3, 20 runs: 11.5 CPU-s less the 1.3-s start) and 117
    /// at 10⁷ s (5,195 queries by the rule; nb101, 20 runs, 2,339 CPU-s); NPENAS: 37.4 CPU-s at 150 queries (mean3, 20 runs),
    /// growing as BANANAS's (the same ensemble, refitted each round); AlphaX: 2.2 CPU-s at 150 queries (mean3, 20 runs: 45.6
    /// CPU-s less the start) and 57 at 10⁶ s (nb101, 100 runs; docs/alphax). All <c>nasbench search</c> on /work/bench-home
    /// (NOTES.md). Before, SMAC and AlphaX had one rate each (44 and 15 queries/s, from long runs), which put a 150-query run
    /// at 3.4 and 10 CPU-s instead of 0.5 and 2.2, and BANANAS and NPENAS had none (10⁴ queries/s: 0.015 s for a 150-query
    /// run of 6.3 s); the 150-query preset was estimated at 56 CPU-min, and took 29 (1,749 CPU-s).</summary>
    public static IReadOnlyDictionary<string, (double A, double P)> ModelCost { get; } = new Dictionary<string, (double A, double P)>
    {
        ["bananas"] = BananasCost,
        ["smac"] = PowerLaw(150, 0.5, 1e7 / MeanTrainingSeconds, 117),
        ["npenas"] = Through(150, 37.4, BananasCost.P),
        ["alphax"] = PowerLaw(150, 2.2, 1e6 / MeanTrainingSeconds, 57),
    };

    /// <summary>
    /// The preset <paramref name="name"/> on <paramref name="source"/>; <paramref name="knownKinds"/> says which kinds
    /// this server runs (the seed paper's Table 1 needs <c>transfer</c>: without it the part is left out).
    /// </summary>
    public static ExperimentPreset Of(string name, BenchmarkSource source, IReadOnlyCollection<string> knownKinds)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(knownKinds);
        BenchmarkRequest Apply(BenchmarkRequest r) => r with
        {
            Store = source.Store, Records = source.Records, Synthetic = source.IsSynthetic, SyntheticSeed = source.SyntheticSeed ?? 0,
        };
        return name switch
        {
            SeedPaper => new ExperimentPreset(SeedPaper, "Reproduce the seed paper", "Malhotra & Biswas (2021), the seed paper of this lab (docs: NASBENCH101.md §7)",
            [
                Search("comparison", (SearchSettings)Apply(CompareRequest.SeedPaper() with { Algorithms = ["random", "evolution", "tree", "local"] }),
                    "its search figures: incumbent test accuracy per run against simulated time and against cells explored, and the mean over 10 runs with the 25–75 % band (paper, read off the figure: evolution ≈ 0.941 > random ≈ 0.940 > tree ≈ 0.938); local search added as the later literature's baseline"),
                new PresetPart("distance study", Apply(new DistanceRequest()),
                    "its distance study: Pearson r between the edit distance of 1,000 random pairs and |Δ validation accuracy| (paper: 0.11–0.15, \"no correlation\")", Study()),
                new PresetPart("performant-cells study", Apply(new CellsRequest()),
                    "its performant-cells study: which operations and edges cells above 0.92 mean validation accuracy share", Study()),
                .. knownKinds.Contains("transfer") ? [Transfer(source)] : Array.Empty<PresetPart>(),
            ]),
            ComparePresets.Fig7 or ComparePresets.Table150 => new ExperimentPreset(name, ComparePresets.Title(name),
                name == ComparePresets.Fig7 ? "Ying et al. (2019), NAS-Bench-101: Towards Reproducible Neural Architecture Search" : "White et al. (2021), BANANAS, and the local-search papers' 150-query table",
                [Search(name, (SearchSettings)Apply(ComparePresets.Request(name)),
                    name == ComparePresets.Fig7 ? "Fig. 7: mean test regret against simulated training time, 500 runs of each algorithm to 10⁷ s (the paper's SMAC is left out for its cost, 117 CPU-s a run here: 16 CPU-hours for 500; run it as a search of its own)"
                    : "the 150-query table: test error of the incumbent after 150 queries, 200 trials (paper: random 6.341 %, evolution 6.109 %, local 5.932 %; NPENAS is left out for its cost, 37 CPU-s a run: 2 CPU-hours for 200)")]),
            _ => throw new ArgumentException($"Unknown preset '{name}': use {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The cost of a search or comparison under the stated rule.</summary>
    public static PresetEstimate Estimate(SearchSettings request)
    {
        ArgumentNullException.ThrowIfNull(request);
        double seconds = 2;
        foreach (string algorithm in request.AlgorithmList)
        {
            bool multi = algorithm is "hyperband" or "bohb" or "sh";
            double queries = request.Queries ?? (request.SimulatedSeconds ?? SearchSettings.DefaultSimulatedSeconds) / (multi ? MultiFidelitySecondsPerQuery : MeanTrainingSeconds);
            seconds += request.Runs * (ModelCost.TryGetValue(algorithm, out var cost) ? cost.A * Math.Pow(queries, cost.P)
                : queries / QueriesPerSecond.GetValueOrDefault(algorithm, 1e4));
        }

        string budget = request.Queries is { } q ? Inv($"{q:N0} queries") : Inv($"{request.SimulatedSeconds ?? SearchSettings.DefaultSimulatedSeconds:0.#e0} simulated s ÷ {MeanTrainingSeconds:N0} s per query");
        string models = request.AlgorithmList.Any(ModelCost.ContainsKey) ? " (a model-based search's CPU-s per run grows as a power of its queries, fitted to two measured runs)" : string.Empty;
        return new PresetEstimate(seconds, Inv($"{request.Runs} runs × {budget} per algorithm at the measured queries/s of one core{models}, + 2 s"));
    }

    // The power law A·q^P through (q1, s1) and (q2, s2).
    private static (double A, double P) PowerLaw(double q1, double s1, double q2, double s2) => Through(q1, s1, Math.Log(s2 / s1) / Math.Log(q2 / q1));

    // The power law of exponent p through (q, s).
    private static (double A, double P) Through(double q, double s, double p) => (s / Math.Pow(q, p), p);

    private static PresetPart Search(string label, SearchSettings request, string reproduces) =>
        new($"{label}: {string.Join(", ", request.AlgorithmList)}", request, reproduces, Estimate(request));

    private static PresetEstimate Study() => new(5, "a few seconds: one pass over the benchmark's cells (+ 2 s to open it and write the figures)");

    /// <summary>Table 1 on FashionMNIST with the paper's recipe (143 cells, 6 epochs, stem 128, 3 × 3 cells).</summary>
    private static PresetPart Transfer(BenchmarkSource source)
    {
        const int Cells = 143, Epochs = 6, Images = 60_000;
        string store = source.Store is { } s ? $", \"store\": {System.Text.Json.JsonSerializer.Serialize(s)}" : string.Empty;
        var request = ExperimentJson.Deserialize(Inv($"{{\"kind\": \"transfer\", \"cells\": {Cells}{store}}}"));
        double seconds = (double)Cells * Epochs * Images / TrainingImagesPerSecond;
        return new PresetPart("transfer study (Table 1)", request,
            "Table 1: Pearson r of CIFAR-10 test accuracy at 12/36/108 epochs with FashionMNIST test accuracy, 143 cells (paper: 0.21 / 0.79 / 0.93); the CIFAR-10 side needs a store (not a synthetic or records benchmark)",
            new PresetEstimate(seconds, Inv($"{Cells} cells × {Epochs} epochs × {Images:N0} images ÷ {TrainingImagesPerSecond} images/s on 2 CPU threads; a GPU worker takes hours")),
            Optional: true);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
