using System.CommandLine;
using NasBench.Core.Experiments;
using NasBench.Training.Experiments;

namespace NasBench.Cli.Commands;

/// <summary>
/// The options shared by `train` and `study transfer`, parsed into a request. The defaults shown are the request's
/// (<see cref="TrainingRequestBase"/>); recipe overrides, the Imagenette prefix, input channels and the data folder
/// are resolved there, not here.
/// </summary>
internal sealed class TrainingArguments
{
    private static readonly TrainingRequest Defaults = new();

    public Option<string> Dataset { get; } = new("--dataset") { Description = "fashion-mnist, cifar10 or imagenette.", DefaultValueFactory = _ => Defaults.Dataset };
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Folder of the dataset files (default: /usr/share/datasets/fashion-mnist for FashionMNIST if installed, else <data folder>/datasets/<name>)." };
    public Option<bool> Download { get; } = new("--download") { Description = "Download missing files from the official URLs (checksums checked)." };
    public CellOptions Cell { get; } = new();
    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Epochs (default: the recipe's: 108 nasbench, 6 seed-paper)." };
    public Option<string> RecipeName { get; } = new("--recipe") { Description = "nasbench or seed-paper.", DefaultValueFactory = _ => Defaults.Recipe };
    public Option<double?> LearningRate { get; } = new("--lr") { Description = "Override the recipe's initial learning rate (positive)." };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Override the recipe's batch size (1 to 65536)." };
    public Option<string> Device { get; } = new("--device") { Description = "auto, cpu, cuda or cuda:<n> (one GPU of several).", DefaultValueFactory = _ => Defaults.Device };
    public Option<string?> Queue { get; } = new("--queue") { Description = "On a lab server (nasbench submit): cpu, gpu (any GPU) or one GPU's queue gpu-<host>-<n>; a local run ignores it." };
    public Option<int> Threads { get; } = new("--threads") { Description = "CPU threads.", DefaultValueFactory = _ => Defaults.Threads };
    public Option<int> StemChannels { get; } = new("--stem-channels") { Description = "Stem channels.", DefaultValueFactory = _ => Defaults.StemChannels };
    public Option<int> Stacks { get; } = new("--stacks") { Description = "Stacks.", DefaultValueFactory = _ => Defaults.Stacks };
    public Option<int> CellsPerStack { get; } = new("--cells-per-stack") { Description = "Cells per stack.", DefaultValueFactory = _ => Defaults.CellsPerStack };
    public Option<double> BnMomentum { get; } = new("--bn-momentum") { Description = "Batch-norm momentum (PyTorch terms; short runs are evaluated with precise BN statistics anyway).", DefaultValueFactory = _ => Defaults.BnMomentum };
    public Option<bool> ImagenettePrefix { get; } = new("--imagenette-prefix") { Description = "Add the seed paper's convolutional prefix (default for --dataset imagenette)." };
    public Option<int?> InputChannels { get; } = new("--input-channels") { Description = "Image channels (inspect only; default 3)." };
    public Option<int?> TrainImages { get; } = new("--train-images") { Description = "Use only the first N training images." };
    public Option<int?> TestImages { get; } = new("--test-images") { Description = "Use only the first N validation/test images." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of weights, data order and augmentation.", DefaultValueFactory = _ => Defaults.Seed };
    public Option<string?> CheckpointDir { get; } = new("--checkpoint-dir") { Description = "Checkpoint after every epoch here, and resume from it." };

    private readonly bool includeSpec;

    public TrainingArguments(bool includeSpec) => this.includeSpec = includeSpec;

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, DataDir, Download, Epochs, RecipeName, LearningRate, BatchSize, Device, Queue, Threads, TrainImages, TestImages, Seed })
        {
            command.Options.Add(option);
        }

        if (includeSpec)
        {
            Cell.AddTo(command);
            command.Options.Add(CheckpointDir);
        }

        AddNetworkOptions(command);
    }

    public void AddNetworkOptions(Command command)
    {
        foreach (var option in new Option[] { StemChannels, Stacks, CellsPerStack, BnMomentum, ImagenettePrefix })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>`nasbench train`'s request, validated.</summary>
    public TrainingRequest TrainingRequest(ParseResult parse) => Valid(Fill(parse, new TrainingRequest
    {
        Adjacency = parse.GetValue(Cell.Adjacency),
        Operations = parse.GetValue(Cell.Operations),
        CheckpointDir = parse.GetValue(CheckpointDir),
    }));

    /// <summary>The network options only (inspect): the shape and BN options of a request, the other fields at their defaults.</summary>
    public TrainingRequest NetworkRequest(ParseResult parse) => new()
    {
        StemChannels = parse.GetValue(StemChannels),
        Stacks = parse.GetValue(Stacks),
        CellsPerStack = parse.GetValue(CellsPerStack),
        BnMomentum = parse.GetValue(BnMomentum),
        ImagenettePrefix = parse.GetValue(ImagenettePrefix),
        Dataset = "cifar10", // inspect has no --dataset: 3 channels unless --input-channels says otherwise
    };

    /// <summary>Copies the shared options into a request (train or transfer).</summary>
    public T Fill<T>(ParseResult parse, T request)
        where T : TrainingRequestBase
    {
        ArgumentNullException.ThrowIfNull(request);
        TrainingRequestBase filled = request with
        {
            Dataset = parse.GetValue(Dataset)!,
            DataDir = parse.GetValue(DataDir),
            Download = parse.GetValue(Download),
            Epochs = parse.GetValue(Epochs),
            Recipe = parse.GetValue(RecipeName)!,
            Lr = parse.GetValue(LearningRate),
            BatchSize = parse.GetValue(BatchSize),
            Device = parse.GetValue(Device)!,
            Queue = parse.GetValue(Queue),
            Threads = parse.GetValue(Threads),
            StemChannels = parse.GetValue(StemChannels),
            Stacks = parse.GetValue(Stacks),
            CellsPerStack = parse.GetValue(CellsPerStack),
            BnMomentum = parse.GetValue(BnMomentum),
            ImagenettePrefix = parse.GetValue(ImagenettePrefix),
            TrainImages = parse.GetValue(TrainImages),
            TestImages = parse.GetValue(TestImages),
            Seed = parse.GetValue(Seed),
        };
        return (T)filled;
    }

    /// <summary>Throws (one "error:" line per broken rule, each naming its option) before any work.</summary>
    public static T Valid<T>(T request)
        where T : ExperimentRequest => ExperimentConsole.Valid(request);
}
