using System.CommandLine;
using System.Text.Json;
using NasBench.Cli.Terminal;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Benchmark.TfRecord;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench data …`: import, dump, info, hashes, download, synth, bench of the NAS-Bench-101 files and the store.</summary>
public static partial class DataCommands
{
    public static Command Create()
    {
        var data = new Command("data", "The NAS-Bench-101 data: download the official file, import it into the fast store, inspect, synthesize.");
        data.Subcommands.Add(Import());
        data.Subcommands.Add(Dump());
        data.Subcommands.Add(Info());
        data.Subcommands.Add(Hashes());
        data.Subcommands.Add(Download());
        data.Subcommands.Add(Synth());
        data.Subcommands.Add(Bench());
        data.Subcommands.Add(FromCsv());
        data.Subcommands.Add(Setup());
        return data;
    }

    private static Command FromCsv()
    {
        var csv = new Argument<string>("CSV") { Description = "Complete records, one row per (hash, repeat), in the layout of records_30_models_108.csv." };
        var output = new Option<string>("--out") { Description = "The tfrecord file to write.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "The epoch budget of the rows: 4, 12, 36 or 108 (default 108).", DefaultValueFactory = _ => EpochBudgets.Default };
        var command = new Command("from-csv", "Write CSV records (e.g. the real 30-model extract) as a tfrecord file in the official format, ready to import.") { csv, output, epochs };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(csv)!;
            if (!File.Exists(path))
            {
                throw new CliException($"There is no CSV file '{path}'.");
            }

            int budget = parse.GetValue(epochs);
            if (EpochBudgets.SlotOf(budget) < 0)
            {
                throw new CliException($"--epochs must be one of {string.Join(", ", EpochBudgets.Valid)} (got {budget}).");
            }

            var data = InMemoryBenchmarkData.FromRecordsCsv(StoreLocator.LoadSpace(), path, budget);
            long records = BenchmarkExport.WriteTfRecord(data, parse.GetValue(output)!);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {records} records of {data.CellIndices.Count} cells to {parse.GetValue(output)}");
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("FILE") { Description = "A tfrecord file in the official format (nasbench_only108.tfrecord, nasbench_full.tfrecord, or a synthetic one)." };
        var store = StoreLocator.CreateOption();
        var command = new Command("import", "Check every record of a tfrecord file and turn it into the store (the previous store stays until it succeeds).") { file, store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException($"There is no file '{path}' to import.");
            }

            var request = new Core.Experiments.BenchmarkSetupRequest { Action = Core.Experiments.BenchmarkSetupRequest.Import, File = path };
            var result = await SetupAsync(request, StoreLocator.Resolve(parse.GetValue(store)), null, parse.InvocationConfiguration.Error, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"imported into {result.StorePath} in {result.Elapsed.TotalSeconds:F1} s: {result.Metadata.Describe()}");
            return 0;
        });
        return command;
    }

    private static Command Info()
    {
        var store = StoreLocator.CreateOption();
        var command = new Command("info", "Where the store came from: source file, SHA-256, cells, epochs, records, synthetic or not.") { store };
        command.SetAction(parse =>
        {
            using var opened = StoreLocator.OpenStore(parse.GetValue(store));
            var m = opened.Metadata;
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"store:      {Path.GetFullPath(opened.Path)}");
            output.WriteLine($"data:       {(m.IsSynthetic ? "SYNTHETIC (generated; not the official NAS-Bench-101 results)" : "official NAS-Bench-101")}");
            output.WriteLine($"source:     {m.SourceFile}");
            output.WriteLine($"sha256:     {m.SourceSha256}");
            output.WriteLine($"cells:      {m.Cells}");
            output.WriteLine($"epochs:     {string.Join(",", m.Epochs)}");
            output.WriteLine($"records:    {m.RecordCount}");
            output.WriteLine($"synthetic:  {(m.IsSynthetic ? "yes" : "no")}");
            parse.InvocationConfiguration.Error.WriteLine($"opened in {opened.OpenTime.TotalMilliseconds:F0} ms");
            return 0;
        });
        return command;
    }

    private static Command Hashes()
    {
        var store = StoreLocator.CreateOption();
        var command = new Command("hashes", "Print the module hash of every cell the store holds, one per line, in enumeration order (the reference's hash_iterator).") { store };
        command.SetAction((parse, cancellationToken) =>
        {
            using var data = StoreLocator.OpenStore(parse.GetValue(store));
            var output = parse.InvocationConfiguration.Output;
            int n = 0;
            foreach (var hash in new NasBenchApi(data, new Random(0)).HashIterator())
            {
                if ((++n & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                output.Write(hash.ToString());
                output.Write('\n');
            }

            if (data.IsSynthetic)
            {
                parse.InvocationConfiguration.Error.WriteLine($"{n:N0} hashes of a SYNTHETIC store");
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static Command Dump()
    {
        var file = new Argument<string>("FILE") { Description = "A tfrecord file in the official format." };
        var limit = new Option<long?>("--limit") { Description = "Print at most N records, N ≥ 1 (default: all)." };
        var command = new Command("dump", "Print each record of a tfrecord file as one JSON line (for inspecting files).") { file, limit };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            long max = parse.GetValue(limit) ?? long.MaxValue;
            if (max < 1)
            {
                throw new CliException($"--limit must be at least 1 (got {max}); leave it out to print every record.");
            }

            using var reader = TfRecordReader.Open(File.Exists(path) ? path : throw new CliException($"There is no file '{path}'."));
            using var stdout = new JsonOutput(parse.InvocationConfiguration.Output);
            for (long n = 0; n < max && reader.TryRead(out var data); n++)
            {
                NasBenchRecord record;
                try
                {
                    record = NasBenchRecord.Parse(data.Span);
                }
                catch (InvalidDataException e)
                {
                    throw RecordError.At(reader.RecordNumber, reader.RecordOffset, e.Message);
                }

                WriteRecordJson(stdout.Json, record);
                stdout.EndLine();
            }

            return 0;
        });
        return command;
    }

    private static void WriteRecordJson(Utf8JsonWriter json, NasBenchRecord record)
    {
        json.WriteStartObject();
        json.WriteString("module_hash", record.ModuleHash.ToString());
        json.WriteNumber("epochs", record.Epochs);
        json.WriteString("module_adjacency", record.ModuleAdjacency);
        json.WriteString("module_operations", record.ModuleOperations);
        json.WriteStartArray("evaluation_data");
        foreach (var e in record.Metrics.EvaluationData)
        {
            json.WriteStartObject();
            json.WriteNumber("current_epoch", e.CurrentEpoch);
            json.WriteNumber("training_time", e.TrainingTime);
            json.WriteNumber("train_accuracy", e.TrainAccuracy);
            json.WriteNumber("validation_accuracy", e.ValidationAccuracy);
            json.WriteNumber("test_accuracy", e.TestAccuracy);
            if (e.HasCheckpointPath)
            {
                json.WriteString("checkpoint_path", e.CheckpointPath);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("trainable_parameters", record.Metrics.TrainableParameters);
        json.WriteNumber("total_time", record.Metrics.TotalTime);
        json.WriteEndObject();
    }
}
