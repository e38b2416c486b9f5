using System.CommandLine;
using System.Text.Json;
using NasBench.Cli.Terminal;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>
/// `nasbench query`: the reference API's query() for one cell or every row of a TSV file (then its budget counters),
/// get_metrics_from_spec (--all-repeats) and get_metrics_from_hash (--hash), as JSON with the reference's field names.
/// </summary>
public static partial class QueryCommand
{
    public static Command Create()
    {
        var cell = new CellOptions();
        var file = new Option<FileInfo?>("--file") { Description = "TSV with a header and columns raw_adjacency, raw_operations (optional: epochs, halfway): one JSON line per query, then the budget counters." };
        var hash = new Option<string?>("--hash") { Description = "A module hash: every repeat of that cell (get_metrics_from_hash; no budget charge)." };
        var epochs = new Option<int>("--epochs") { Description = "Training budget: 4, 12, 36 or 108 (default 108).", DefaultValueFactory = _ => EpochBudgets.Default };
        var halfway = new Option<bool>("--halfway") { Description = "The halfway evaluation (stop_halfway); charges epochs/2." };
        var seed = new Option<int>("--seed") { Description = "Seed of the random repeat (default 0, so a command gives the same answer every time)." };
        var allRepeats = new Option<bool>("--all-repeats") { Description = "Print every repeat's halfway_* and final_* values (get_metrics_from_spec; no budget charge)." };
        var mean = new Option<bool>("--mean") { Description = "The mean of the 3 repeats instead of one random repeat." };
        var pretty = CliJson.PrettyOption();
        var store = StoreLocator.CreateOption();
        var command = new Command("query", "Query the benchmark for a cell (or a file of cells, or a hash), as nasbench.api's query() does.")
        {
            file, hash, epochs, halfway, seed, allRepeats, mean, pretty, store,
        };
        cell.AddTo(command);
        command.SetAction(parse =>
        {
            // Every check before the store is opened.
            bool hasCell = parse.GetValue(cell.Adjacency) is not null || parse.GetValue(cell.Operations) is not null;
            var path = parse.GetValue(file);
            string? hashText = parse.GetValue(hash);
            if ((hasCell ? 1 : 0) + (path is null ? 0 : 1) + (hashText is null ? 0 : 1) != 1)
            {
                throw new CliException("query needs exactly one of --adjacency/--operations (one cell), --file (a TSV of cells) or --hash (a module hash).");
            }

            int budget = parse.GetValue(epochs);
            if (EpochBudgets.SlotOf(budget) < 0)
            {
                throw new CliException($"--epochs must be one of {string.Join(", ", EpochBudgets.Valid)} (got {budget}).");
            }

            if (path is not null && !path.Exists)
            {
                throw new CliException($"--file: there is no file '{path.FullName}'.");
            }

            CellHash? moduleHash = hashText is null ? null
                : CellHash.TryParse(hashText, out var parsed) ? parsed
                : throw new CliException($"--hash: '{hashText}' is not a module hash (32 hexadecimal digits).");
            var spec = hasCell ? cell.Parse(parse) : null;
            if (path is not null && parse.GetValue(allRepeats))
            {
                throw new CliException("--all-repeats takes one cell (--adjacency/--operations), not --file.");
            }

            using var data = StoreLocator.OpenStore(parse.GetValue(store));
            var api = new NasBenchApi(data, parse.GetValue(seed), parse.GetValue(mean) ? QueryMode.MeanOfRepeats : QueryMode.RandomRepeat);
            using var output = new DataCommands.JsonOutput(parse.InvocationConfiguration.Output, parse.GetValue(pretty));
            if (path is not null)
            {
                QueryFile(path, api, output, budget, parse.GetValue(halfway), parse.InvocationConfiguration.Error);
            }
            else if (moduleHash is { } h)
            {
                WriteRepeats(output.Json, api.GetMetricsFromHash(h), budget, data.IsSynthetic);
                output.EndLine();
            }
            else if (parse.GetValue(allRepeats))
            {
                WriteRepeats(output.Json, api.GetMetricsFromSpec(spec!), budget, data.IsSynthetic);
                output.EndLine();
            }
            else
            {
                WriteQuery(output.Json, api.Query(spec!, budget, parse.GetValue(halfway)), data.IsSynthetic);
                output.EndLine();
            }

            return 0;
        });
        return command;
    }

    private static void WriteQuery(Utf8JsonWriter json, NasBenchQueryResult r, bool synthetic)
    {
        json.WriteStartObject();
        WriteFixed(json, r.Module, r.ModuleHash, r.TrainableParameters, synthetic);
        json.WriteNumber("training_time", r.TrainingTime);
        json.WriteNumber("train_accuracy", r.TrainAccuracy);
        json.WriteNumber("validation_accuracy", r.ValidationAccuracy);
        json.WriteNumber("test_accuracy", r.TestAccuracy);
        json.WriteEndObject();
    }

    private static void WriteRepeats(Utf8JsonWriter json, NasBenchMetrics metrics, int epochs, bool synthetic)
    {
        if (!metrics.Repeats.TryGetValue(epochs, out var repeats))
        {
            throw new OutOfDomainException($"This benchmark has no results at {epochs} epochs; it holds {string.Join("/", metrics.Repeats.Keys)}.");
        }

        json.WriteStartObject();
        WriteFixed(json, metrics.Module, metrics.ModuleHash, metrics.TrainableParameters, synthetic);
        json.WriteNumber("epochs", epochs);
        json.WriteStartArray("repeats");
        foreach (var r in repeats)
        {
            json.WriteStartObject();
            WriteEvaluation(json, "halfway", r.Halfway);
            WriteEvaluation(json, "final", r.Final);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFixed(Utf8JsonWriter json, CellKey module, CellHash hash, int parameters, bool synthetic)
    {
        if (synthetic)
        {
            json.WriteString("data", "SYNTHETIC (not the official NAS-Bench-101 results)");
        }

        json.WriteStartArray("module_adjacency");
        for (int x = 0; x < module.VertexCount; x++)
        {
            json.WriteStartArray();
            for (int y = 0; y < module.VertexCount; y++)
            {
                json.WriteNumberValue(module.HasEdge(x, y) ? 1 : 0);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("module_operations");
        foreach (string op in module.ToOperations())
        {
            json.WriteStringValue(op);
        }

        json.WriteEndArray();
        json.WriteString("module_hash", hash.ToString());
        json.WriteNumber("trainable_parameters", parameters);
    }

    private static void WriteEvaluation(Utf8JsonWriter json, string prefix, EvaluationMetrics e)
    {
        json.WriteNumber($"{prefix}_training_time", (double)e.TrainingTime);
        json.WriteNumber($"{prefix}_train_accuracy", (double)e.TrainAccuracy);
        json.WriteNumber($"{prefix}_validation_accuracy", (double)e.ValidationAccuracy);
        json.WriteNumber($"{prefix}_test_accuracy", (double)e.TestAccuracy);
    }
}
