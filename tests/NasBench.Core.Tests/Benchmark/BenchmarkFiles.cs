using System.Globalization;
using NasBench.Core.Benchmark.Proto;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.Benchmark.TfRecord;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.Benchmark;

/// <summary>Builds tfrecord files for the tests: from the real CSV extract, synthetic ones, and a temporary folder.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nasbench-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public static class BenchmarkFiles
{
    /// <summary>The rows of records_30_models_108.csv: hash, repeat, adjacency, operations, parameters, 4 halfway + 4 final values.</summary>
    public static IReadOnlyList<string[]> CsvRows { get; } = [.. SharedData.ReadCsv("records_30_models_108.csv")];

    public static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>One record per CSV row (halfway and final evaluations at 108 epochs), in repeat-major order.</summary>
    public static IEnumerable<byte[]> CsvPayloads() =>
        CsvRows.OrderBy(r => int.Parse(r[1], CultureInfo.InvariantCulture)).Select(r => new NasBenchRecord(CellHash.Parse(r[0]), 108, r[2], r[3], CsvMetrics(r)).ToPayload());

    private static ModelMetrics CsvMetrics(string[] r)
    {
        var m = new ModelMetrics { TrainableParameters = int.Parse(r[4], CultureInfo.InvariantCulture), TotalTime = D(r[9]) + 10 };
        m.EvaluationData.Add(new EvaluationData { CurrentEpoch = 0, TrainingTime = 0, TrainAccuracy = 0.1, ValidationAccuracy = 0.1, TestAccuracy = 0.1 });
        m.EvaluationData.Add(new EvaluationData { CurrentEpoch = 54, TrainingTime = D(r[5]), TrainAccuracy = D(r[6]), ValidationAccuracy = D(r[7]), TestAccuracy = D(r[8]) });
        m.EvaluationData.Add(new EvaluationData { CurrentEpoch = 108, TrainingTime = D(r[9]), TrainAccuracy = D(r[10]), ValidationAccuracy = D(r[11]), TestAccuracy = D(r[12]) });
        return m;
    }

    public static void WriteRecords(string path, IEnumerable<byte[]> payloads)
    {
        using var stream = System.IO.File.Create(path);
        var writer = new TfRecordWriter(stream);
        foreach (var payload in payloads)
        {
            writer.Write(payload);
        }
    }

    /// <summary>The payloads of a tfrecord file, in order.</summary>
    public static List<byte[]> ReadPayloads(string path)
    {
        using var reader = TfRecordReader.Open(path);
        var list = new List<byte[]>();
        while (reader.TryRead(out var data))
        {
            list.Add(data.ToArray());
        }

        return list;
    }

    /// <summary>Byte offset of each record's header when the payloads are written in order.</summary>
    public static long OffsetOf(IReadOnlyList<byte[]> payloads, int record) => payloads.Take(record).Sum(p => 16L + p.Length);

    public static string WriteSynthetic(string path, CellIndex space, int cells, bool allEpochs = false, int seed = 0)
    {
        SyntheticBenchmark.Write(path, space, new SyntheticBenchmarkOptions(cells, allEpochs, seed));
        return path;
    }
}
