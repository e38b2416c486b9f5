using System.Globalization;
using System.Text.Json.Serialization;
using NasBench.Core.Options;
using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Networks;
using NasBench.Training.Trainers;

namespace NasBench.Training.Experiments;

/// <summary>
/// The options every training experiment shares (<c>nasbench train</c> and <c>nasbench study transfer</c>): dataset,
/// recipe and its overrides, device, network shape, data sizes, seed. The defaults (the recipe's epochs, learning
/// rate and batch size, the Imagenette prefix, the dataset's input channels, the data folder) are resolved here.
/// </summary>
public abstract partial record TrainingRequestBase : ExperimentRequest
{
    /// <summary>Devices a training can ask for.</summary>
    public static readonly string[] Devices = ["auto", "cpu", "cuda"];

    /// <summary>fashion-mnist, cifar10 or imagenette. The default value is fashion-mnist.</summary>
    public string Dataset { get; init; } = FashionMnist.Name;

    /// <summary>Folder of the dataset files; null is <see cref="DatasetCatalog.DefaultDirectory"/> under the data folder. The default value is null.</summary>
    public string? DataDir { get; init; }

    /// <summary>Download missing dataset files from the official URLs. The default value is false.</summary>
    public bool Download { get; init; }

    /// <summary>Epochs; null is the recipe's (108 nasbench, 6 seed-paper). The default value is null.</summary>
    public int? Epochs { get; init; }

    /// <summary>nasbench or seed-paper. The default value is seed-paper.</summary>
    public string Recipe { get; init; } = TrainingRecipe.SeedPaper.Name;

    /// <summary>Initial learning rate; null is the recipe's. The default value is null.</summary>
    public double? Lr { get; init; }

    /// <summary>Images per step; null is the recipe's. The default value is null.</summary>
    public int? BatchSize { get; init; }

    /// <summary>auto, cpu or cuda. The default value is auto.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Where a lab server runs the training: <c>gpu</c> (any GPU worker), <c>cpu</c>, or one GPU's queue
    /// <c>gpu-&lt;host&gt;-&lt;n&gt;</c>; null lets the lab choose (NasBench:Lab:TrainingQueue). A local run ignores it. The default value is null.</summary>
    public string? Queue { get; init; }

    /// <summary>CPU threads of TorchSharp. The default value is 2.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Stem channels. The default value is 128 (the table's network).</summary>
    public int StemChannels { get; init; } = NetworkShape.NasBench101.StemChannels;

    /// <summary>Stacks. The default value is 3.</summary>
    public int Stacks { get; init; } = NetworkShape.NasBench101.Stacks;

    /// <summary>Cells per stack. The default value is 3.</summary>
    public int CellsPerStack { get; init; } = NetworkShape.NasBench101.CellsPerStack;

    /// <summary>Batch-norm momentum in PyTorch terms. The default value is 0.003 (TensorFlow's decay 0.997).</summary>
    public double BnMomentum { get; init; } = NetworkOptions.DefaultBatchNormMomentum;

    /// <summary>Add the seed paper's convolutional prefix; always on for imagenette. The default value is false.</summary>
    public bool ImagenettePrefix { get; init; }

    /// <summary>Use only the first N training images; null is all. The default value is null.</summary>
    public int? TrainImages { get; init; }

    /// <summary>Use only the first N validation and test images; null is all. The default value is null.</summary>
    public int? TestImages { get; init; }

    /// <summary>Seed of weights, data order and augmentation. The default value is 0.</summary>
    public int Seed { get; init; }

    /// <summary>The folder datasets live in when --data-dir is not given: <c>&lt;data folder&gt;/datasets</c>.</summary>
    public static string DefaultDataRoot => Path.Combine(NasBenchPaths.DataDirectory, "datasets");

    /// <summary>The dataset's canonical name (fashion-mnist, cifar10, imagenette).</summary>
    [JsonIgnore]
    public string DatasetName => DatasetCatalog.Normalize(Dataset);

    /// <summary>The folder the dataset is read from.</summary>
    public string ResolveDataDir() => DataDir ?? DatasetCatalog.DefaultDirectory(Dataset, DefaultDataRoot);

    /// <summary>The recipe with the request's overrides.</summary>
    public TrainingRecipe ResolveRecipe()
    {
        var recipe = TrainingRecipe.Named(Recipe);
        return recipe with { Epochs = Epochs ?? recipe.Epochs, LearningRate = Lr ?? recipe.LearningRate, BatchSize = BatchSize ?? recipe.BatchSize };
    }

    /// <summary>The network: the request's shape, the dataset's input channels, the Imagenette prefix for imagenette.</summary>
    public NetworkOptions Network(int classes) => new(StemChannels, Stacks, CellsPerStack, DatasetCatalog.InputChannels(Dataset), classes,
        ImagenettePrefix || DatasetName == Imagenette.Name ? NetworkPrefix.Imagenette : NetworkPrefix.None, BnMomentum);

    /// <summary>Device, threads, seed and checkpoint folder of one training.</summary>
    public TrainingOptions Training(string? checkpointDirectory) => new(Device, Threads, Seed, checkpointDirectory);

    /// <summary>Checks every shared option; messages name the option and the allowed range.</summary>
    protected void ValidateTraining(RequestRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!DatasetCatalog.TryNormalize(Dataset, out _))
        {
            rules.Fail("dataset", $"Unknown --dataset '{Dataset}': use {string.Join(", ", DatasetCatalog.Names)}.");
        }

        rules.OneOf("recipe", Recipe, [.. TrainingRecipe.All.Select(r => r.Name)]);
        if (Device is not null && TorchRuntime.CudaIndex(Device) is null)
        {
            rules.OneOf("device", Device, [.. Devices, "cuda:<n>"]);
        }
        if (Queue is not null && !QueuePattern().IsMatch(Queue))
        {
            rules.Fail("queue", $"--queue must be cpu, gpu or one GPU's queue gpu-<host>-<n> (got '{Queue}').");
        }

        rules.InRange("epochs", Epochs, 1, 10_000);
        rules.PositiveAtMost("lr", Lr, 10);
        rules.InRange("batchSize", BatchSize, 1, 65_536);
        rules.InRange("threads", Threads, 1, 1024);
        rules.InRange("stemChannels", StemChannels, 1, 4096);
        rules.InRange("stacks", Stacks, 1, 16);
        rules.InRange("cellsPerStack", CellsPerStack, 1, 64);
        if (!(BnMomentum > 0 && BnMomentum <= 1))
        {
            rules.Fail("bnMomentum", string.Create(CultureInfo.InvariantCulture, $"--bn-momentum must be in (0, 1] (got {BnMomentum})."));
        }

        if (DataDir is { Length: > 0 } dir && !Download && !Directory.Exists(dir))
        {
            rules.Fail("dataDir", $"--data-dir '{dir}' does not exist: give the folder that holds the {Dataset} files, or add --download to fetch them there.");
        }

        rules.AtLeast("trainImages", TrainImages, 1);
        rules.AtLeast("testImages", TestImages, 1);
        if (TrainImages is { } train and >= 1 && BatchSize is { } batch && batch > train)
        {
            rules.Fail("batchSize", string.Create(CultureInfo.InvariantCulture, $"--batch-size {batch} is more than --train-images {train}: not one batch to train on."));
        }
    }

    /// <summary>The shared options that differ from the defaults, as command-line arguments.</summary>
    protected IEnumerable<string?> TrainingArguments()
    {
        yield return Dataset != FashionMnist.Name ? $"--dataset {CommandLine.Quote(Dataset)}" : null;
        yield return DataDir is not null ? $"--data-dir {CommandLine.Quote(DataDir)}" : null;
        yield return Download ? "--download" : null;
        yield return Epochs is { } e ? Inv($"--epochs {e}") : null;
        yield return Recipe != TrainingRecipe.SeedPaper.Name ? $"--recipe {CommandLine.Quote(Recipe)}" : null;
        yield return Lr is { } lr ? Inv($"--lr {lr:R}") : null;
        yield return BatchSize is { } b ? Inv($"--batch-size {b}") : null;
        yield return Device != "auto" ? $"--device {CommandLine.Quote(Device)}" : null;
        yield return Queue is not null ? $"--queue {CommandLine.Quote(Queue)}" : null;
        yield return Threads != 2 ? Inv($"--threads {Threads}") : null;
        yield return StemChannels != NetworkShape.NasBench101.StemChannels ? Inv($"--stem-channels {StemChannels}") : null;
        yield return Stacks != NetworkShape.NasBench101.Stacks ? Inv($"--stacks {Stacks}") : null;
        yield return CellsPerStack != NetworkShape.NasBench101.CellsPerStack ? Inv($"--cells-per-stack {CellsPerStack}") : null;
        yield return BnMomentum != NetworkOptions.DefaultBatchNormMomentum ? Inv($"--bn-momentum {BnMomentum:R}") : null;
        yield return ImagenettePrefix ? "--imagenette-prefix" : null;
        yield return TrainImages is { } t ? Inv($"--train-images {t}") : null;
        yield return TestImages is { } s ? Inv($"--test-images {s}") : null;
        yield return Seed != 0 ? Inv($"--seed {Seed}") : null;
    }

    private protected static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The queue names a training may ask for (LAB.md: cpu, gpu, gpu-&lt;host&gt;-&lt;n&gt;).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(cpu|gpu|gpu-[A-Za-z0-9][A-Za-z0-9._-]*-[0-9]+)$")]
    private static partial System.Text.RegularExpressions.Regex QueuePattern();
}
