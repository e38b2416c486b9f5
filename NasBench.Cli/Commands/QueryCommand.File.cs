using NasBench.Cli.Terminal;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

public static partial class QueryCommand
{
    /// <summary>
    /// One query() per data row, charged to one budget as the reference charges it (training_time_spent += the
    /// returned time, total_epochs_spent += epochs, or epochs // 2 when halfway), then get_budget_counters().
    /// A row the reference would refuse (OutOfDomainError) gets an error line and charges nothing.
    /// </summary>
    private static void QueryFile(FileInfo path, NasBenchApi api, DataCommands.JsonOutput output, int defaultEpochs, bool defaultHalfway, TextWriter error)
    {
        using var reader = path.OpenText();
        var header = (reader.ReadLine() ?? throw new CliException($"'{path.Name}' is empty: expected a header with raw_adjacency and raw_operations.")).Split('\t');
        int adjacencyColumn = Array.IndexOf(header, "raw_adjacency");
        int operationsColumn = Array.IndexOf(header, "raw_operations");
        int epochsColumn = Array.IndexOf(header, "epochs");
        int halfwayColumn = Array.IndexOf(header, "halfway");
        if (adjacencyColumn < 0 || operationsColumn < 0)
        {
            throw new CliException($"'{path.Name}' needs the columns raw_adjacency and raw_operations in its header (optional: epochs, halfway); found: {string.Join(", ", header)}.");
        }

        var json = output.Json;
        int line = 1, rows = 0, refused = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split('\t');
            if (fields.Length != header.Length)
            {
                throw new CliException($"Line {line} of '{path.Name}' has {fields.Length} columns; the header has {header.Length}.");
            }

            int epochs = epochsColumn < 0 || fields[epochsColumn].Length == 0 ? defaultEpochs
                : int.TryParse(fields[epochsColumn], out int e) ? e
                : throw new CliException($"Line {line} of '{path.Name}': epochs '{fields[epochsColumn]}' is not a whole number.");
            bool halfway = halfwayColumn < 0 || fields[halfwayColumn].Length == 0 ? defaultHalfway : ParseBool(fields[halfwayColumn], line, path.Name);
            rows++;
            var check = ModelSpec.Check(fields[adjacencyColumn], fields[operationsColumn]);
            try
            {
                var spec = check.Spec ?? throw new OutOfDomainException(check.Status, check.Message);
                WriteQuery(json, api.Query(spec, epochs, halfway), api.Data.IsSynthetic);
            }
            catch (OutOfDomainException x)
            {
                refused++;
                json.WriteStartObject();
                json.WriteNumber("line", line);
                json.WriteString("status", check.Spec is null ? OutOfDomainException.StatusName(check.Status) : EpochBudgets.SlotOf(epochs) < 0 ? "invalid_epochs" : "not_in_benchmark");
                json.WriteString("error", x.Message);
                json.WriteEndObject();
            }

            output.EndLine();
        }

        var counters = api.GetBudgetCounters();
        json.WriteStartObject();
        json.WriteStartObject("budget_counters");
        json.WriteNumber("training_time_spent", counters.TrainingTimeSpent);
        json.WriteNumber("total_epochs_spent", counters.EpochsSpent);
        json.WriteEndObject();
        json.WriteEndObject();
        output.EndLine();
        error.WriteLine($"{rows} queries: {rows - refused} answered, {refused} refused (out of the space or the benchmark; no budget charged for them)");
    }

    private static bool ParseBool(string text, int line, string file) => text.ToUpperInvariant() switch
    {
        "1" or "TRUE" => true,
        "0" or "FALSE" => false,
        _ => throw new CliException($"Line {line} of '{file}': halfway '{text}' is not true/false or 1/0."),
    };
}
