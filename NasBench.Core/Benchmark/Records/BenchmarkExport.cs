using NasBench.Core.Benchmark.Proto;
using NasBench.Core.Benchmark.TfRecord;

namespace NasBench.Core.Benchmark.Records;

/// <summary>
/// Writes any benchmark data (e.g. the real 30-model extract held in memory) as a tfrecord file in the official
/// format, so that it goes through the same import and store as the official files.
/// </summary>
/// <remarks>
/// One record per (cell, epochs, repeat), cells in ascending index order, repeats in order. Each record's metrics
/// hold three evaluations as the official files do: step 0 (not in the data: written as epoch 0 with zeros), halfway
/// (epoch = epochs / 2) and final. total_time, absent from the data, is written as the final training time.
/// </remarks>
public static class BenchmarkExport
{
    /// <summary>
    /// Writes the data as an official-format TFRecord file (one record per cell, epoch budget and repeat).
    /// </summary>
    public static long WriteTfRecord(IBenchmarkData data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        string temp = path + ".tmp-" + Environment.ProcessId;
        long records = 0;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var writer = new TfRecordWriter(stream);
            foreach (int cell in data.CellIndices)
            {
                var key = data.Space.Cell(cell);
                foreach (int epochs in data.Epochs)
                {
                    for (int repeat = 0; repeat < IBenchmarkData.Repeats; repeat++)
                    {
                        var metrics = ToModelMetrics(data.Metrics(cell, epochs, repeat), data.TrainableParameters(cell), epochs);
                        var record = new NasBenchRecord(data.Space.Hash(cell), epochs, key.ToAdjacencyString(), key.ToOperationsString(), metrics);
                        writer.Write(record.ToPayload());
                        records++;
                    }
                }
            }
        }

        File.Move(temp, path, overwrite: true);
        return records;
    }

    private static ModelMetrics ToModelMetrics(RepeatMetrics repeat, int parameters, int epochs)
    {
        var metrics = new ModelMetrics { TrainableParameters = parameters, TotalTime = repeat.Final.TrainingTime };
        metrics.EvaluationData.Add(new EvaluationData { CurrentEpoch = 0, TrainingTime = 0, TrainAccuracy = 0, ValidationAccuracy = 0, TestAccuracy = 0 });
        metrics.EvaluationData.Add(Evaluation(repeat.Halfway, epochs / 2.0));
        metrics.EvaluationData.Add(Evaluation(repeat.Final, epochs));
        return metrics;
    }

    private static EvaluationData Evaluation(EvaluationMetrics m, double epoch) => new()
    {
        CurrentEpoch = epoch,
        TrainingTime = m.TrainingTime,
        TrainAccuracy = m.TrainAccuracy,
        ValidationAccuracy = m.ValidationAccuracy,
        TestAccuracy = m.TestAccuracy,
    };
}
