using System.CommandLine;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Networks;
using NasBench.Training.Trainers;

namespace NasBench.Cli.Commands;

/// <summary>The options shared by `train` and `study transfer`: dataset, recipe overrides, device, network shape.</summary>
internal sealed class TrainingArguments
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = "fashion-mnist, cifar10 or imagenette.", DefaultValueFactory = _ => "fashion-mnist" };
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Folder of the dataset files (default: /usr/share/datasets/fashion-mnist for FashionMNIST if installed, else <data folder>/datasets/<name>)." };
    public Option<bool> Download { get; } = new("--download") { Description = "Download missing files from the official URLs (checksums checked)." };
    public CellOptions Cell { get; } = new();
    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Epochs (default: the recipe's: 108 nasbench, 6 seed-paper)." };
    public Option<string> RecipeName { get; } = new("--recipe") { Description = "nasbench or seed-paper.", DefaultValueFactory = _ => "seed-paper" };
    public Option<double?> LearningRate { get; } = new("--lr") { Description = "Override the recipe's initial learning rate." };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Override the recipe's batch size." };
    public Option<string> Device { get; } = new("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
    public Option<int> Threads { get; } = new("--threads") { Description = "CPU threads.", DefaultValueFactory = _ => 2 };
    public Option<int> StemChannels { get; } = new("--stem-channels") { Description = "Stem channels.", DefaultValueFactory = _ => 128 };
    public Option<int> Stacks { get; } = new("--stacks") { Description = "Stacks.", DefaultValueFactory = _ => 3 };
    public Option<int> CellsPerStack { get; } = new("--cells-per-stack") { Description = "Cells per stack.", DefaultValueFactory = _ => 3 };
    public Option<double> BnMomentum { get; } = new("--bn-momentum") { Description = "Batch-norm momentum (TorchSharp terms; raise it for very short trainings).", DefaultValueFactory = _ => NetworkOptions.DefaultBatchNormMomentum };
    public Option<bool> ImagenettePrefix { get; } = new("--imagenette-prefix") { Description = "Add the seed paper's convolutional prefix (default for --dataset imagenette)." };
    public Option<int?> InputChannels { get; } = new("--input-channels") { Description = "Image channels (inspect only; default 3)." };
    public Option<int?> TrainImages { get; } = new("--train-images") { Description = "Use only the first N training images." };
    public Option<int?> TestImages { get; } = new("--test-images") { Description = "Use only the first N validation/test images." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of weights, data order and augmentation.", DefaultValueFactory = _ => 0 };
    public Option<string?> CheckpointDir { get; } = new("--checkpoint-dir") { Description = "Checkpoint after every epoch here, and resume from it." };

    private readonly bool includeSpec;

    public TrainingArguments(bool includeSpec) => this.includeSpec = includeSpec;

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, DataDir, Download, Epochs, RecipeName, LearningRate, BatchSize, Device, Threads, TrainImages, TestImages, Seed })
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

    public ModelSpec Spec(ParseResult parse) => Cell.Parse(parse);

    public TrainingRecipe Recipe(ParseResult parse)
    {
        var recipe = TrainingRecipe.Named(parse.GetValue(RecipeName)!);
        return recipe with
        {
            Epochs = parse.GetValue(Epochs) ?? recipe.Epochs,
            LearningRate = parse.GetValue(LearningRate) ?? recipe.LearningRate,
            BatchSize = parse.GetValue(BatchSize) ?? recipe.BatchSize,
        };
    }

    public TrainingOptions Training(ParseResult parse) =>
        new(parse.GetValue(Device)!, parse.GetValue(Threads), parse.GetValue(Seed), parse.GetValue(CheckpointDir));

    public NetworkOptions Network(ParseResult parse, int classes)
    {
        string dataset = DatasetCatalog.Normalize(parse.GetValue(Dataset) ?? Cifar10.Name); // inspect has no --dataset
        bool prefix = parse.GetValue(ImagenettePrefix) || dataset == Imagenette.Name;
        return new NetworkOptions(parse.GetValue(StemChannels), parse.GetValue(Stacks), parse.GetValue(CellsPerStack), DatasetCatalog.InputChannels(dataset), classes,
            prefix ? NetworkPrefix.Imagenette : NetworkPrefix.None, parse.GetValue(BnMomentum));
    }

    public Task<DatasetSplits> LoadDataAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        string dataset = parse.GetValue(Dataset)!;
        string directory = parse.GetValue(DataDir) ?? DatasetCatalog.DefaultDirectory(dataset, TrainCommands.DataRoot);
        return DatasetCatalog.LoadAsync(dataset, directory, parse.GetValue(Download), cancellationToken: cancellationToken);
    }
}
