namespace NasBench.Web.Components.Pages.Experiments;

/// <summary>How a form field is typed in and turned into the request's JSON value.</summary>
public enum FieldType
{
    Integer,
    Number,
    Text,
    Flag,
    Choice,
    Choices,
}

/// <summary>One field of an experiment form: the request's JSON property (the CLI's long option in camelCase), a label,
/// how it is typed, and the fieldset it belongs to.</summary>
public sealed record FormField(string Name, string Label, FieldType Type, string Group = "", IReadOnlyList<string>? Options = null, string? Hint = null)
{
    /// <summary>The CLI option the field is (<c>simulatedSeconds</c> → <c>--simulated-seconds</c>).</summary>
    public string Option => NasBench.Core.Experiments.RequestRules.Option(Name);
}

/// <summary>The fields of each kind's form. Defaults are not here: they are the request type's (see <see cref="RequestDraft"/>).</summary>
public static class ExperimentForms
{
    public const string Budget = "Budget per run (one of; none: 5e6 simulated seconds)";
    public const string Algorithm = "Algorithm options";
    public const string Network = "Network";
    public const string Data = "Data";

    private static readonly string[] Samplers = ["auto", "raw", "uniform"];
    private static readonly string[] Algorithms = [.. NasBench.Core.Experiments.SearchSettings.AlgorithmNames];

    /// <summary>The kinds with a form, in tab order, with their tab labels.</summary>
    public static readonly IReadOnlyList<(string Kind, string Label)> Kinds =
    [
        ("search", "Search"), ("compare", "Compare"), ("distance", "Distance study"), ("cells", "Performant cells"),
        ("correlate", "Correlate"), ("training", "Training"), ("transfer", "Transfer study"),
        ("proxies", "Zero-cost proxies"), ("advise", "Cell advisor"),
    ];

    private static readonly FormField[] SearchShared =
    [
        new("queries", "Queries", FieldType.Integer, Budget),
        new("simulatedSeconds", "Simulated seconds", FieldType.Number, Budget),
        new("wallclockSeconds", "Wall-clock seconds", FieldType.Number, Budget),
        new("runs", "Runs", FieldType.Integer),
        new("seed", "Seed", FieldType.Integer),
        new("protocol", "Protocol", FieldType.Choice, Options: ["nb101", "mean3"], Hint: "nb101: one random repeat per query; mean3: the mean of the 3"),
        new("epochs", "Epochs", FieldType.Choice, Options: ["108", "36", "12", "4"]),
        new("plot", "Figures plot", FieldType.Choice, Options: ["regret", "accuracy"]),
        new("sampler", "Sampler (random)", FieldType.Choice, Algorithm, Samplers),
        new("population", "Population (evolution)", FieldType.Integer, Algorithm),
        new("tournament", "Tournament (evolution)", FieldType.Integer, Algorithm),
        new("mutationRate", "Mutation rate (evolution)", FieldType.Number, Algorithm),
        new("exploration", "Exploration C (tree)", FieldType.Number, Algorithm),
        new("expandAllOps", "Expand all ops (tree)", FieldType.Flag, Algorithm),
        new("withoutReplacement", "Without replacement (random)", FieldType.Flag, Algorithm),
        new("reuseEvaluations", "Reuse evaluations (local)", FieldType.Flag, Algorithm),
        new("skipKnown", "Skip known neighbours (local, naszilla)", FieldType.Flag, Algorithm),
        new("firstImprovement", "First improvement (local, naszilla's default)", FieldType.Flag, Algorithm),
        new("continueAtMinimum", "Continue from the best unexpanded cell at a minimum (local)", FieldType.Flag, Algorithm),
        new("startSamples", "Start samples (local; naszilla: 10)", FieldType.Integer, Algorithm),
        new("restrictToStore", "Only cells the benchmark holds", FieldType.Flag, Algorithm),
        new("startCell", "Start cell (local, evolution)", FieldType.Text, Algorithm, Hint: "adjacency and operations separated by a space; empty: random"),
    ];

    private static readonly FormField[] TrainingShared =
    [
        new("dataset", "Dataset", FieldType.Choice, Data, ["fashion-mnist", "cifar10", "imagenette"]),
        new("dataDir", "Dataset folder", FieldType.Text, Data, Hint: "empty: <data folder>/datasets/<dataset>"),
        new("download", "Download missing files", FieldType.Flag, Data),
        new("trainImages", "Train images (first N)", FieldType.Integer, Data),
        new("testImages", "Validation/test images (first N)", FieldType.Integer, Data),
        new("recipe", "Recipe", FieldType.Choice, Options: ["seed-paper", "nasbench"]),
        new("epochs", "Epochs", FieldType.Integer, Hint: "empty: the recipe's"),
        new("lr", "Learning rate", FieldType.Number, Hint: "empty: the recipe's"),
        new("batchSize", "Batch size", FieldType.Integer, Hint: "empty: the recipe's"),
        new("device", "Device", FieldType.Choice, Options: ["auto", "cpu", "cuda"]),
        new("queue", "Queue", FieldType.Text, Hint: "empty: the lab's choice; gpu (any GPU), cpu, or one GPU's gpu-<host>-<n>"),
        new("threads", "CPU threads", FieldType.Integer),
        new("seed", "Seed", FieldType.Integer),
        new("stemChannels", "Stem channels", FieldType.Integer, Network),
        new("stacks", "Stacks", FieldType.Integer, Network),
        new("cellsPerStack", "Cells per stack", FieldType.Integer, Network),
        new("bnMomentum", "Batch-norm momentum", FieldType.Number, Network),
        new("imagenettePrefix", "Imagenette prefix", FieldType.Flag, Network),
    ];

    /// <summary>The fields of a kind (the benchmark source, the cell and the correlate file have their own inputs).</summary>
    public static IReadOnlyList<FormField> Of(string kind) => kind switch
    {
        "search" => [new("algorithm", "Algorithm", FieldType.Choice, Options: Algorithms), .. SearchShared],
        "compare" => [new("algorithms", "Algorithms", FieldType.Choices, Options: Algorithms), .. SearchShared],
        "distance" => [new("pairs", "Pairs", FieldType.Integer), new("seed", "Seed", FieldType.Integer), new("sampler", "Sampler", FieldType.Choice, Options: Samplers)],
        "cells" => [new("threshold", "Threshold (mean accuracy above)", FieldType.Number), new("test", "Threshold the test accuracy (not validation)", FieldType.Flag)],
        "correlate" => [new("rows", "Rows (first N; empty: all)", FieldType.Integer), new("bootstrap", "Bootstrap resamples", FieldType.Integer), new("seed", "Seed", FieldType.Integer)],
        "training" => TrainingShared,
        "transfer" => [new("cells", "Cells to train", FieldType.Integer), new("sampler", "Sampler", FieldType.Choice, Options: Samplers),
            new("store", "Benchmark store (empty: the default)", FieldType.Text), .. TrainingShared],
        "proxies" => [new("cells", "Cells file (empty: from the store)", FieldType.Text, Hint: "in the allowed folders: hashes, or a CSV/TSV with hash, cell, or raw_adjacency and raw_operations"),
            new("top", "Top N by CIFAR-10 validation accuracy at 108 epochs", FieldType.Integer), new("uniform", "Uniform sample of M others (seeded)", FieldType.Integer),
            new("hashes", "Hashes (comma-separated)", FieldType.Text), new("store", "Benchmark store (empty: the default)", FieldType.Text),
            new("proxies", "Proxies", FieldType.Text, Hint: "comma-separated of synflow, jacob_cov, naswot, snip, grad_norm, fisher, params, flops; empty: all"),
            new("limit", "Cells (a uniform sample of N; empty: all)", FieldType.Integer), new("againstColumn", "Correlate with the column", FieldType.Text, Hint: "e.g. validation_accuracy_108 or mnist_test_acc"),
            new("bootstrap", "Bootstrap resamples", FieldType.Integer), new("timed", "Time each proxy on its own", FieldType.Flag),
            .. TrainingShared.Where(f => f.Name is not ("recipe" or "epochs" or "lr" or "download" or "trainImages" or "testImages" or "bnMomentum" or "imagenettePrefix"))],
        "advise" => [new("top", "Pool: top N by CIFAR-10 validation accuracy at 108 epochs", FieldType.Integer), new("uniform", "Pool: uniform sample of M others", FieldType.Integer),
            new("trainings", "Budget: short trainings", FieldType.Integer), new("recommend", "Cells to recommend", FieldType.Integer),
            new("check", "Check: train K recommended and K random cells too", FieldType.Integer), new("proxies", "Proxies", FieldType.Text, Hint: "comma-separated; empty: all"),
            new("proxyBatch", "Proxies' batch", FieldType.Integer), new("store", "Benchmark store (empty: the default)", FieldType.Text), .. TrainingShared],
        _ => [],
    };

    /// <summary>Whether the kind takes the shared benchmark source (store / records / synthetic).</summary>
    public static bool HasSource(string kind) => kind is "search" or "compare" or "distance" or "cells";
}
