using System.CommandLine;
using System.Text.Json;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench query`: the reference API's query, printed as JSON with the reference's field names.</summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var adjacency = new Option<string>("--adjacency") { Description = "Row-major 0/1 adjacency (e.g. 0100 or [[0,1],[0,0]]).", Required = true };
        var operations = new Option<string>("--operations") { Description = "Comma-joined operations, input and output included.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Training budget: 4, 12, 36 or 108 (default 108).", DefaultValueFactory = _ => EpochBudgets.Default };
        var halfway = new Option<bool>("--halfway") { Description = "The halfway evaluation (stop_halfway); charges epochs/2." };
        var seed = new Option<int>("--seed") { Description = "Seed of the random repeat (default 0, so a command gives the same answer every time)." };
        var allRepeats = new Option<bool>("--all-repeats") { Description = "Print every repeat's halfway_* and final_* values (get_metrics_from_spec; no budget charge)." };
        var mean = new Option<bool>("--mean") { Description = "The mean of the 3 repeats instead of one random repeat." };
        var store = StoreLocator.CreateOption();
        var command = new Command("query", "Query the benchmark for a cell, as nasbench.api's query() does.")
        {
            adjacency, operations, epochs, halfway, seed, allRepeats, mean, store,
        };
        command.SetAction(parse =>
        {
            var spec = ModelSpec.Parse(CleanMatrix(parse.GetValue(adjacency)!), parse.GetValue(operations)!);
            var data = StoreLocator.Open(parse.GetValue(store));
            var api = new NasBenchApi(data, parse.GetValue(seed), parse.GetValue(mean) ? QueryMode.MeanOfRepeats : QueryMode.RandomRepeat);
            using var output = new DataCommands.JsonOutput(parse.InvocationConfiguration.Output, indented: true);
            var json = output.Json;
            if (parse.GetValue(allRepeats))
            {
                WriteRepeats(json, api, spec, parse.GetValue(epochs), data.IsSynthetic);
            }
            else
            {
                var r = api.Query(spec, parse.GetValue(epochs), parse.GetValue(halfway));
                json.WriteStartObject();
                WriteFixed(json, r.Module, r.ModuleHash, r.TrainableParameters, data.IsSynthetic);
                json.WriteNumber("training_time", r.TrainingTime);
                json.WriteNumber("train_accuracy", r.TrainAccuracy);
                json.WriteNumber("validation_accuracy", r.ValidationAccuracy);
                json.WriteNumber("test_accuracy", r.TestAccuracy);
                json.WriteEndObject();
            }

            output.EndLine();
            return 0;
        });
        return command;
    }

    private static void WriteRepeats(Utf8JsonWriter json, NasBenchApi api, ModelSpec spec, int epochs, bool synthetic)
    {
        var metrics = api.GetMetricsFromSpec(spec);
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

    /// <summary>Accepts a matrix literal as well as the dataset's 0/1 string.</summary>
    private static string CleanMatrix(string adjacency) =>
        new([.. adjacency.Where(c => c is not ('[' or ']' or ',' or ' '))]);
}
