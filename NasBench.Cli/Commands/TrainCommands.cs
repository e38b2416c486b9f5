using System.CommandLine;
using System.Text.Json;
using NasBench.Core;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Networks;
using NasBench.Training.Trainers;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench train …`: train one cell for real (TorchSharp), inspect its network, benchmark throughput.</summary>
public static class TrainCommands
{
    internal static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static Command Create()
    {
        var o = new TrainingArguments(includeSpec: true);
        var command = new Command("train", "Train one cell on FashionMNIST, CIFAR-10 or Imagenette; prints the result as one JSON object.");
        o.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = o.Spec(parse);
            using var all = await o.LoadDataAsync(parse, cancellationToken);
            var data = all.Subset(parse.GetValue(o.TrainImages), parse.GetValue(o.TestImages));
            var reporter = new TrainingProgressLine(parse.InvocationConfiguration.Error);
            var result = new Trainer(o.Recipe(parse), o.Training(parse)).Train(spec, o.Network(parse, data.Classes), data, reporter.Report, cancellationToken);
            reporter.Finish();
            var summary = new
            {
                train_accuracy = result.TrainAccuracy,
                validation_accuracy = result.ValidationAccuracy,
                test_accuracy = result.TestAccuracy,
                trainable_parameters = result.TrainableParameters,
                seconds = result.Seconds,
                device = result.Device,
                threads = result.Threads,
                seed = result.Seed,
                recipe = result.Recipe,
                torchsharp_version = result.TorchSharpVersion,
                epochs = result.Epochs.Count,
            };
            await parse.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(summary, Json));
            return 0;
        });
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(Bench());
        return command;
    }

    private static Command Inspect()
    {
        var o = new TrainingArguments(includeSpec: true);
        var imageSize = new Option<int>("--image-size") { Description = "Side of the input images.", DefaultValueFactory = _ => 32 };
        var command = new Command("inspect", "Print the network's layers, output shape and trainable parameters (checked against Core's formula).") { imageSize };
        o.AddNetworkOptions(command);
        o.Cell.AddTo(command);
        command.Options.Add(o.InputChannels);
        command.SetAction(parse =>
        {
            var spec = o.Spec(parse);
            var options = o.Network(parse, 10) with { InputChannels = parse.GetValue(o.InputChannels) ?? 3 };
            using var network = new NasBenchNetwork(spec, options);
            var output = parse.InvocationConfiguration.Output;
            output.Write(NetworkSummary.Describe(network, parse.GetValue(imageSize)));
            long expected = options.ExpectedParameters(spec.Cell);
            output.WriteLine($"formula (Core TrainableParameters) {expected} {(expected == network.TrainableParameterCount ? "= module count" : "≠ module count")}");
            return expected == network.TrainableParameterCount ? 0 : 1;
        });
        return command;
    }

    private static Command Bench()
    {
        var batch = new Option<int>("--batch") { Description = "Images per step.", DefaultValueFactory = _ => 256 };
        var steps = new Option<int>("--steps") { Description = "Timed steps per configuration (after one warm-up step).", DefaultValueFactory = _ => 2 };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to measure.", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var stem = new Option<int>("--stem-channels") { Description = "Stem channels.", DefaultValueFactory = _ => 128 };
        var cells = new Option<int>("--cells-per-stack") { Description = "Cells per stack.", DefaultValueFactory = _ => 3 };
        var command = new Command("bench", "Training throughput (forward + backward, images/s) of the full-size network for three cells of different size.") { batch, steps, threads, stem, cells };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new NetworkOptions(StemChannels: parse.GetValue(stem), CellsPerStack: parse.GetValue(cells));
            output.WriteLine($"batch {parse.GetValue(batch)}, 32×32×3, stem {options.StemChannels}, 3 × {options.CellsPerStack} cells, CPU, TorchSharp {TorchRuntime.TorchSharpVersion}");
            output.WriteLine("cell (hash prefix)  parameters  threads  images/s");
            foreach (var spec in BenchCells)
            {
                foreach (int t in parse.GetValue(threads)!)
                {
                    double rate = TrainingBenchmark.ImagesPerSecond(spec, options, parse.GetValue(batch), parse.GetValue(steps), t);
                    output.WriteLine($"{spec.Hash.ToString()[..8],-19} {options.ExpectedParameters(spec.Cell),10}  {t,7}  {rate,8:F1}");
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>Three real cells of specs_1k: the smallest (0.36 M parameters), the median (5.36 M), and 00005c14 (8.56 M).</summary>
    internal static IReadOnlyList<ModelSpec> BenchCells { get; } =
    [
        ModelSpec.Parse("010000001011000101000011000001000000", "input,conv1x1-bn-relu,conv1x1-bn-relu,maxpool3x3,maxpool3x3,output"),
        ModelSpec.Parse("0100000001010000011100000001000001000000010000000", "input,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,maxpool3x3,conv1x1-bn-relu,output"),
        ModelSpec.Parse("0100110001000000010010000010000001000000010000000", "input,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,conv3x3-bn-relu,conv1x1-bn-relu,output"),
    ];

    /// <summary>The data folder used when --data-dir is not given.</summary>
    internal static string DataRoot => Path.Combine(NasBenchPaths.DataDirectory, "datasets");
}
