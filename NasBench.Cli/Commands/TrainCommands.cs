using System.CommandLine;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;
using NasBench.Training.Experiments;
using NasBench.Training.Networks;
using NasBench.Training.Trainers;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench train …`: train one cell for real (TorchSharp), inspect its network, benchmark throughput.</summary>
public static class TrainCommands
{
    public static Command Create()
    {
        var o = new TrainingArguments(includeSpec: true);
        var output = new Option<string?>("--out") { Description = "Also write result.json and epochs.csv into this folder." };
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command("train", "Train one cell on FashionMNIST, CIFAR-10 or Imagenette; prints the result as one JSON object.") { output, dryRun };
        o.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = o.TrainingRequest(parse);
            if (ExperimentConsole.DryRun(parse, dryRun, request))
            {
                return 0;
            }

            string? folder = parse.GetValue(output);
            // Without --out only result.json is wanted (printed below): kept in memory, the epochs not at all.
            var collected = new ArtifactCollector();
            IResultSink sink = folder is null ? collected : ExperimentConsole.Folder(folder);
            var progress = new TrainingProgressLine(parse.InvocationConfiguration.Error);
            await new TrainingRunner().RunAsync(request, sink, progress, cancellationToken);
            progress.Finish();
            string json = folder is null ? collected.Text("result.json") : await File.ReadAllTextAsync(Path.Combine(folder, "result.json"), cancellationToken);
            await parse.InvocationConfiguration.Output.WriteAsync(json);
            return 0;
        });
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(Bench());
        return command;
    }

    private static Command Inspect()
    {
        var o = new TrainingArguments(includeSpec: true);
        var imageSize = new Option<int>("--image-size") { Description = "Side of the input images (1 to 1024).", DefaultValueFactory = _ => 32 };
        var command = new Command("inspect", "Print the network's layers, output shape and trainable parameters (checked against Core's formula).") { imageSize };
        o.AddNetworkOptions(command);
        o.Cell.AddTo(command);
        command.Options.Add(o.InputChannels);
        command.SetAction(parse =>
        {
            var request = o.NetworkRequest(parse);
            var rules = new RequestRules().InRange("imageSize", parse.GetValue(imageSize), 1, 1024).InRange("inputChannels", parse.GetValue(o.InputChannels), 1, 64);
            var errors = request.Validate().Where(e => e.Field is "stemChannels" or "stacks" or "cellsPerStack" or "bnMomentum").Concat(rules.Errors).ToList();
            if (errors.Count > 0)
            {
                throw new RequestValidationException(errors);
            }

            var spec = o.Cell.Parse(parse);
            var options = request.Network(10) with { InputChannels = parse.GetValue(o.InputChannels) ?? 3 };
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
        var stem = new Option<int>("--stem-channels") { Description = "Stem channels.", DefaultValueFactory = _ => NetworkShape.NasBench101.StemChannels };
        var cells = new Option<int>("--cells-per-stack") { Description = "Cells per stack.", DefaultValueFactory = _ => NetworkShape.NasBench101.CellsPerStack };
        var command = new Command("bench", "Training throughput (forward + backward, images/s) of the full-size network for three cells of different size.") { batch, steps, threads, stem, cells };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rules = new RequestRules().InRange("batch", parse.GetValue(batch), 1, 65_536).InRange("steps", parse.GetValue(steps), 1, 10_000)
                .InRange("stemChannels", parse.GetValue(stem), 1, 4096).InRange("cellsPerStack", parse.GetValue(cells), 1, 64);
            foreach (int t in parse.GetValue(threads)!)
            {
                rules.InRange("threads", t, 1, 1024);
            }

            if (rules.Errors.Count > 0)
            {
                throw new RequestValidationException(rules.Errors);
            }

            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var options = new NetworkOptions(StemChannels: parse.GetValue(stem), CellsPerStack: parse.GetValue(cells));
            output.WriteLine($"batch {parse.GetValue(batch)}, 32×32×3, stem {options.StemChannels}, 3 × {options.CellsPerStack} cells, CPU, TorchSharp {TorchRuntime.TorchSharpVersion}");
            output.WriteLine("cell (hash prefix)  parameters  threads  images/s");
            int row = 0, rows = BenchCells.Count * parse.GetValue(threads)!.Length;
            foreach (var spec in BenchCells)
            {
                foreach (int t in parse.GetValue(threads)!)
                {
                    // A row of the full-size network takes a minute or more on a small CPU: say what is running.
                    await error.WriteLineAsync($"measuring row {++row}/{rows}: cell {spec.Hash.ToString()[..8]}, {t} thread(s), {parse.GetValue(steps)} step(s) of {parse.GetValue(batch)} images …");
                    double rate = await TrainingWorker.Shared.RunAsync(() => TrainingBenchmark.ImagesPerSecond(spec, options, parse.GetValue(batch), parse.GetValue(steps), t), cancellationToken);
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
}
