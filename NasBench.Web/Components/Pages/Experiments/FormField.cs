using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Experiments;
using NasBench.Training.Trainers;

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
    public string Option => RequestRules.Option(Name);

    /// <summary>A choice whose value is a whole number in JSON (<c>epochs</c>). The default value is false.</summary>
    public bool Whole { get; init; }

    /// <summary>What the field shows when the request's JSON leaves the option out (options written only when set).
    /// The default value is null (empty).</summary>
    public string? DefaultText { get; init; }

    /// <summary>The field of a described search option: its algorithm's fieldset (titled as the registry titles it), the
    /// budget's, or the shared ones.</summary>
    public static FormField Of(RequestOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        var d = option.Description;
        string group = option.Algorithm is { } a ? SearchAlgorithms.TitleOf(a)
            : d.Name is "queries" or "simulatedSeconds" or "wallclockSeconds" ? ExperimentForms.Budget
            : d.Name is "restrictToStore" or "startCell" ? ExperimentForms.Algorithm
            : "";
        var type = d.Type switch
        {
            OptionType.WholeNumber => FieldType.Integer,
            OptionType.Number => FieldType.Number,
            OptionType.Flag => FieldType.Flag,
            OptionType.Choice => FieldType.Choice,
            _ => FieldType.Text,
        };
        var t = Nullable.GetUnderlyingType(d.ValueType) ?? d.ValueType;
        return new FormField(d.Name, d.Label, type, group, d.Choices, d.Hint)
        {
            Whole = t == typeof(int) || t == typeof(long),
            DefaultText = d.Default is null or bool ? null : OptionDescription.Format(d.Default),
        };
    }
}

/// <summary>The fields of each kind's form. Defaults are not here: they are the request type's (see <see cref="RequestDraft"/>).</summary>
public static class ExperimentForms
{
    public const string Budget = "Budget per run (one of; none: 5e6 simulated seconds)";
    public const string Algorithm = "Start cell and sampling";
    public const string Network = "Network";
    public const string Data = "Data";

    private static readonly IReadOnlyList<string> Samplers = CellDistributions.Names;
    private static readonly string[] Algorithms = [.. SearchAlgorithms.Names];

    /// <summary>The kinds with a form, in tab order, with their tab labels.</summary>
    public static readonly IReadOnlyList<(string Kind, string Label)> Kinds =
    [
        (ExperimentKinds.Search, "Search"), (ExperimentKinds.Compare, "Compare"), (ExperimentKinds.Distance, "Distance study"), (ExperimentKinds.Cells, "Performant cells"),
        (ExperimentKinds.Correlate, "Correlate"), (ExperimentKinds.Training, "Training"), (ExperimentKinds.Transfer, "Transfer study"),
        (ExperimentKinds.Proxies, "Zero-cost proxies"), (ExperimentKinds.Advise, "Cell advisor"),
    ];

    /// <summary>The search options, one field per <see cref="SearchSettings.Described"/> option.</summary>
    private static readonly FormField[] SearchShared = [.. SearchSettings.Described.Select(FormField.Of)];

    private static readonly FormField[] TrainingShared =
    [
        new("dataset", "Dataset", FieldType.Choice, Data, DatasetCatalog.Names),
        new("dataDir", "Dataset folder", FieldType.Text, Data, Hint: "empty: <data folder>/datasets/<dataset>"),
        new("download", "Download missing files", FieldType.Flag, Data),
        new("trainImages", "Train images (first N)", FieldType.Integer, Data),
        new("testImages", "Validation/test images (first N)", FieldType.Integer, Data),
        new("recipe", "Recipe", FieldType.Choice, Options: [.. TrainingRecipe.All.Select(r => r.Name)]),
        new("epochs", "Epochs", FieldType.Integer, Hint: "empty: the recipe's"),
        new("lr", "Learning rate", FieldType.Number, Hint: "empty: the recipe's"),
        new("batchSize", "Batch size", FieldType.Integer, Hint: "empty: the recipe's"),
        new("device", "Device", FieldType.Choice, Options: TrainingRequestBase.Devices),
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
        ExperimentKinds.Search => [new("algorithm", "Algorithm", FieldType.Choice, Options: Algorithms), .. SearchShared],
        ExperimentKinds.Compare => [new("algorithms", "Algorithms", FieldType.Choices, Options: Algorithms), .. SearchShared],
        ExperimentKinds.Distance => [new("pairs", "Pairs", FieldType.Integer), new("seed", "Seed", FieldType.Integer), new("sampler", "Sampler", FieldType.Choice, Options: Samplers)],
        ExperimentKinds.Cells => [new("threshold", "Threshold (mean accuracy above)", FieldType.Number), new("test", "Threshold the test accuracy (not validation)", FieldType.Flag)],
        ExperimentKinds.Correlate => [new("rows", "Rows (first N; empty: all)", FieldType.Integer), new("bootstrap", "Bootstrap resamples", FieldType.Integer), new("seed", "Seed", FieldType.Integer)],
        ExperimentKinds.Training => TrainingShared,
        ExperimentKinds.Transfer => [new("cells", "Cells to train", FieldType.Integer), new("sampler", "Sampler", FieldType.Choice, Options: Samplers),
            new("store", "Benchmark store (empty: the default)", FieldType.Text), .. TrainingShared],
        ExperimentKinds.Proxies => [new("cells", "Cells file (empty: from the store)", FieldType.Text, Hint: "in the allowed folders: hashes, or a CSV/TSV with hash, cell, or raw_adjacency and raw_operations"),
            new("top", "Top N by CIFAR-10 validation accuracy at 108 epochs", FieldType.Integer), new("uniform", "Uniform sample of M others (seeded)", FieldType.Integer),
            new("hashes", "Hashes (comma-separated)", FieldType.Text), new("store", "Benchmark store (empty: the default)", FieldType.Text),
            new("proxies", "Proxies", FieldType.Text, Hint: "comma-separated of synflow, jacob_cov, naswot, snip, grad_norm, fisher, params, flops; empty: all"),
            new("limit", "Cells (a uniform sample of N; empty: all)", FieldType.Integer), new("againstColumn", "Correlate with the column", FieldType.Text, Hint: "e.g. validation_accuracy_108 or mnist_test_acc"),
            new("bootstrap", "Bootstrap resamples", FieldType.Integer), new("timed", "Time each proxy on its own", FieldType.Flag),
            .. TrainingShared.Where(f => f.Name is not ("recipe" or "epochs" or "lr" or "download" or "trainImages" or "testImages" or "bnMomentum" or "imagenettePrefix"))],
        ExperimentKinds.Advise => [new("top", "Pool: top N by CIFAR-10 validation accuracy at 108 epochs", FieldType.Integer), new("uniform", "Pool: uniform sample of M others", FieldType.Integer),
            new("trainings", "Budget: short trainings", FieldType.Integer), new("recommend", "Cells to recommend", FieldType.Integer),
            new("check", "Check: train K recommended and K random cells too", FieldType.Integer), new("proxies", "Proxies", FieldType.Text, Hint: "comma-separated; empty: all"),
            new("proxyBatch", "Proxies' batch", FieldType.Integer), new("store", "Benchmark store (empty: the default)", FieldType.Text), .. TrainingShared],
        _ => [],
    };

    /// <summary>Whether the kind takes the shared benchmark source (store / records / synthetic).</summary>
    public static bool HasSource(string kind) => kind is ExperimentKinds.Search or ExperimentKinds.Compare or ExperimentKinds.Distance or ExperimentKinds.Cells;
}
