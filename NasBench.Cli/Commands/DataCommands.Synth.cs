using System.CommandLine;
using System.Diagnostics;
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
        var command = new Command("synth", "Write a SYNTHETIC file in the official format (plausible seeded values) for tests and benchmarks.") { output, epochs, cells, seed };
        command.SetAction(parse =>
        {
            var options = ParseSynth(parse, epochs, cells, seed);
            string path = parse.GetValue(output)!;
            var watch = Stopwatch.StartNew();
            long records = SyntheticBenchmark.Write(path, StoreLocator.LoadSpace(), options, new ProgressLine(parse.InvocationConfiguration.Error, "writing"));
            parse.InvocationConfiguration.Output.WriteLine(
                $"wrote {records} SYNTHETIC records ({Math.Min(options.Cells, CellIndex.UniqueCells)} cells, epochs {string.Join("/", options.Epochs)}, seed {options.Seed}) to {path} in {watch.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }

    private static Command Bench()
    {
        var (epochs, cells, seed) = SynthOptions();
        var dir = new Option<string?>("--dir") { Description = "Folder for the temporary file and store (default: the system temp folder)." };
        var command = new Command("bench", "Measure synth-writing, importing and opening a full-size synthetic file, and queries per second on one core.") { epochs, cells, seed, dir };
        command.SetAction(parse =>
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
                long records = SyntheticBenchmark.Write(file, space, options);
                output.WriteLine($"synth   {records,10:N0} records  {new FileInfo(file).Length / 1e6,8:F0} MB  {watch.Elapsed.TotalSeconds,7:F2} s");
                var imported = BenchmarkImporter.Import(file, store, space);
                output.WriteLine($"import  {records,10:N0} records  {new FileInfo(store).Length / 1e6,8:F0} MB  {imported.Elapsed.TotalSeconds,7:F2} s  ({records / imported.Elapsed.TotalSeconds:N0} records/s; read+parse {imported.ReadTime.TotalSeconds:F2} s, check+sort {imported.SortTime.TotalSeconds:F2} s, write {imported.WriteTime.TotalSeconds:F2} s)");
                output.WriteLine($"memory  working set {Environment.WorkingSet / 1e6:F0} MB after import, {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB peak (includes the cell index)");
                var opened = BenchmarkStore.Open(store, space);
                opened = BenchmarkStore.Open(store, space);
                output.WriteLine($"open    {opened.Metadata.Cells,10:N0} cells                {opened.OpenTime.TotalSeconds,7:F3} s");
                double qps = QueryThroughput.Measure(opened, 1 << 16, TimeSpan.FromSeconds(2), options.Seed);
                output.WriteLine($"query   {qps,10:N0} queries/s on one core (raw spec: prune + lookup + random repeat + budget)");
                output.WriteLine($"(SYNTHETIC data; {Environment.ProcessorCount} cores)");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }

            return 0;
        });
        return command;
    }

    private static (Option<string> Epochs, Option<int> Cells, Option<int> Seed) SynthOptions() =>
    (
        new Option<string>("--epochs") { Description = "108 (like nasbench_only108) or all (4/12/36/108, like nasbench_full). Default 108.", DefaultValueFactory = _ => "108" },
        new Option<int>("--cells") { Description = "The first N cells of the enumeration (default all 423,624).", DefaultValueFactory = _ => CellIndex.UniqueCells },
        new Option<int>("--seed") { Description = "Seed of the values (default 0).", DefaultValueFactory = _ => 0 }
    );

    private static SyntheticBenchmarkOptions ParseSynth(ParseResult parse, Option<string> epochs, Option<int> cells, Option<int> seed) =>
        new(parse.GetValue(cells), parse.GetValue(epochs) switch
        {
            "108" => false,
            "all" => true,
            var other => throw new CliException($"--epochs must be 108 or all, not '{other}'."),
        }, parse.GetValue(seed));
}
