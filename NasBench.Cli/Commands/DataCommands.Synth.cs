using System.CommandLine;
using System.Diagnostics;
using NasBench.Cli.Terminal;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

public static partial class DataCommands
{
    private static Command Synth()
    {
        var output = new Option<string>("--out") { Description = "The tfrecord file to write.", Required = true };
        var (epochs, cells, seed) = SynthOptions();
        var command = new Command("synth",
            "Write a SYNTHETIC file in the official format for tests and benchmarks: the values `--synthetic --synthetic-seed S` generates in memory.")
        {
            output, epochs, cells, seed,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = ParseSynth(parse, epochs, cells, seed);
            string path = parse.GetValue(output)!;
            var watch = Stopwatch.StartNew();
            using var progress = new ProgressLine(parse.InvocationConfiguration.Error, "writing");
            long records = SyntheticBenchmark.Write(path, StoreLocator.LoadSpace(), options, progress, cancellationToken);
            parse.InvocationConfiguration.Output.WriteLine(
                $"wrote {records} SYNTHETIC records ({options.Cells} cells, epochs {string.Join("/", options.Epochs)}, seed {options.Seed}) to {path} in {watch.Elapsed.TotalSeconds:F1} s");
            return Task.FromResult(0);
        });
        return command;
    }

    private static Command Bench()
    {
        var (epochs, cells, seed) = SynthOptions();
        var dir = new Option<string?>("--dir") { Description = "Folder for the temporary file and store (default: the system temp folder)." };
        var command = new Command("bench", "Measure synth-writing, importing and opening a full-size synthetic file, and queries per second on one core.") { epochs, cells, seed, dir };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = ParseSynth(parse, epochs, cells, seed);
            var output = parse.InvocationConfiguration.Output;
            string folder = Path.Combine(parse.GetValue(dir) ?? Path.GetTempPath(), $"nasbench-bench-{Environment.ProcessId}");
            Directory.CreateDirectory(folder);
            try
            {
                var space = StoreLocator.LoadSpace();
                string file = Path.Combine(folder, "synthetic.tfrecord");
                string store = Path.Combine(folder, "synthetic.nbstore");
                var watch = Stopwatch.StartNew();
                long records = SyntheticBenchmark.Write(file, space, options, cancellationToken: cancellationToken);
                output.WriteLine($"synth   {records,10:N0} records  {new FileInfo(file).Length / 1e6,8:F0} MB  {watch.Elapsed.TotalSeconds,7:F2} s");
                var imported = BenchmarkImporter.Import(file, store, space, cancellationToken: cancellationToken);
                output.WriteLine($"import  {records,10:N0} records  {new FileInfo(store).Length / 1e6,8:F0} MB  {imported.Elapsed.TotalSeconds,7:F2} s  ({records / imported.Elapsed.TotalSeconds:N0} records/s; read+parse {imported.ReadTime.TotalSeconds:F2} s, check+sort {imported.SortTime.TotalSeconds:F2} s, write {imported.WriteTime.TotalSeconds:F2} s)");
                output.WriteLine($"memory  working set {Environment.WorkingSet / 1e6:F0} MB after import, {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB peak (includes the cell index)");

                // The second open is the one measured: the first warms the page cache, as a store in use is.
                BenchmarkStore.Open(store, space).Dispose();
                using var opened = BenchmarkStore.Open(store, space);
                output.WriteLine($"open    {opened.Metadata.Cells,10:N0} cells                {opened.OpenTime.TotalSeconds,7:F3} s");
                double qps = QueryThroughput.Measure(opened, 1 << 16, TimeSpan.FromSeconds(2), options.Seed);
                output.WriteLine($"query   {qps,10:N0} queries/s on one core (raw spec: prune + lookup + random repeat + budget)");
                output.WriteLine($"(SYNTHETIC data; {Environment.ProcessorCount} cores)");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static (Option<string> Epochs, Option<int> Cells, Option<int> Seed) SynthOptions()
    {
        var epochs = new Option<string>("--epochs") { Description = "108 (like nasbench_only108) or all (4/12/36/108, like nasbench_full). Default 108.", DefaultValueFactory = _ => "108" };
        epochs.AcceptOnlyFromAmong("108", "all");
        return (epochs,
            new Option<int>("--cells") { Description = $"The first N cells of the enumeration, 1 to {CellIndex.UniqueCells:N0} (default all).", DefaultValueFactory = _ => CellIndex.UniqueCells },
            new Option<int>("--seed") { Description = "Seed of the values (any whole number; default 0).", DefaultValueFactory = _ => 0 });
    }

    private static SyntheticBenchmarkOptions ParseSynth(ParseResult parse, Option<string> epochs, Option<int> cells, Option<int> seed)
    {
        int count = parse.GetValue(cells);
        if (count is < 1 or > CellIndex.UniqueCells)
        {
            throw new CliException($"--cells must be between 1 and {CellIndex.UniqueCells:N0} (got {count}).");
        }

        return new(count, parse.GetValue(epochs) == "all", parse.GetValue(seed));
    }
}
