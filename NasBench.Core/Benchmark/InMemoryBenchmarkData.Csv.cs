using System.Globalization;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark;

public sealed partial class InMemoryBenchmarkData
{
    private static readonly string[] RecordColumns =
    [
        "hash", "repeat", "adjacency", "operations", "trainable_parameters",
        "halfway_training_time", "halfway_train_accuracy", "halfway_validation_accuracy", "halfway_test_accuracy",
        "final_training_time", "final_train_accuracy", "final_validation_accuracy", "final_test_accuracy",
    ];

    /// <summary>
    /// Reads complete 108-epoch records, one row per (hash, repeat), in the layout of
    /// <c>records_30_models_108.csv</c>. Every cell needs repeats 0, 1 and 2; the spec must hash to the given hash.
    /// </summary>
    public static InMemoryBenchmarkData FromRecordsCsv(CellIndex space, string path, int epochs = 108)
    {
        ArgumentNullException.ThrowIfNull(space);
        using var reader = new StreamReader(path);
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty.");
        var names = CsvLine.Split(header).ToList();
        var column = new int[RecordColumns.Length];
        for (int c = 0; c < RecordColumns.Length; c++)
        {
            column[c] = names.IndexOf(RecordColumns[c]);
            if (column[c] < 0)
            {
                throw new InvalidDataException($"{path} lacks the column '{RecordColumns[c]}'.");
            }
        }

        var rows = new SortedDictionary<int, (int Parameters, RepeatMetrics?[] Repeats)>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = CsvLine.Split(line);
            string Field(int c) => c < RecordColumns.Length && column[c] < f.Length ? f[column[c]] : throw new InvalidDataException($"{path}:{lineNumber}: too few fields.");
            float Number(int c) => float.Parse(Field(c), NumberStyles.Float, CultureInfo.InvariantCulture);
            var hash = CellHash.TryParse(Field(0), out var h) ? h : throw new InvalidDataException($"{path}:{lineNumber}: bad hash '{Field(0)}'.");
            int cell = space.IndexOf(hash);
            if (cell < 0 || space.IndexOf(ModelSpec.Parse(Field(2), Field(3))) != cell)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: the spec does not hash to {hash} or the hash is not in the space.");
            }

            int repeat = int.Parse(Field(1), CultureInfo.InvariantCulture);
            if ((uint)repeat >= IBenchmarkData.Repeats)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: repeat {repeat} is not 0, 1 or 2.");
            }

            if (!rows.TryGetValue(cell, out var entry))
            {
                entry = (int.Parse(Field(4), CultureInfo.InvariantCulture), new RepeatMetrics?[IBenchmarkData.Repeats]);
                rows[cell] = entry;
            }

            entry.Repeats[repeat] = new RepeatMetrics(
                new EvaluationMetrics(Number(5), Number(6), Number(7), Number(8)),
                new EvaluationMetrics(Number(9), Number(10), Number(11), Number(12)));
        }

        var cells = new int[rows.Count];
        var parameters = new int[rows.Count];
        var metrics = new RepeatMetrics[rows.Count * IBenchmarkData.Repeats];
        int r = 0;
        foreach (var (cell, entry) in rows)
        {
            cells[r] = cell;
            parameters[r] = entry.Parameters;
            for (int k = 0; k < IBenchmarkData.Repeats; k++)
            {
                metrics[(r * IBenchmarkData.Repeats) + k] = entry.Repeats[k]
                    ?? throw new InvalidDataException($"{path}: cell {space.Hash(cell)} lacks repeat {k}.");
            }

            r++;
        }

        return new InMemoryBenchmarkData(space, cells, [epochs], parameters, metrics, isSynthetic: false);
    }
}
