using System.Diagnostics;
using Google.Protobuf;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.TfRecord;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Synthetic;

/// <summary>
/// Writes a file in the exact official format (framing, JSON, base64 with newlines, ModelMetrics) holding the
/// seeded synthetic values of <see cref="SyntheticMetrics"/> for the first N cells of the enumeration: for tests,
/// benchmarks and demos without the real data. Anything built from it is labelled synthetic; importing it gives
/// exactly <see cref="InMemoryBenchmarkData.Synthetic(CellIndex, SyntheticBenchmarkOptions, CancellationToken)"/>.
/// </summary>
public static class SyntheticBenchmark
{
    /// <summary>
    /// Writes the file (through a temporary file, so a cancelled or failed write leaves any previous file) and
    /// returns the number of records.
    /// </summary>
    public static long Write(string path, CellIndex space, SyntheticBenchmarkOptions options, IProgress<ExperimentProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int cells = Math.Min(options.Cells, space.Count);
        var epochs = options.Epochs;
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.tmp-{Environment.ProcessId}";
        var payload = new byte[4096];
        var proto = new byte[1024];
        var repeats = new RepeatMetrics[epochs.Count * IBenchmarkData.Repeats];
        var watch = Stopwatch.StartNew();
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var writer = new TfRecordWriter(stream);
                for (int i = 0; i < cells; i++)
                {
                    var cell = space.Cell(i);
                    var hash = space.Hash(i);
                    int parameters = (int)TrainableParameters.Count(cell);
                    SyntheticMetrics.Generate(cell, hash, parameters, options.Seed, epochs, repeats);
                    for (int r = 0; r < repeats.Length; r++)
                    {
                        int budget = epochs[r / IBenchmarkData.Repeats];
                        var metrics = SyntheticMetrics.ToProto(parameters, budget, repeats[r]);
                        int protoLength = metrics.CalculateSize();
                        metrics.WriteTo(proto.AsSpan(0, protoLength));
                        writer.Write(payload.AsSpan(0, RecordPayload.Write(payload, hash, budget, cell, proto.AsSpan(0, protoLength))));
                    }

                    if ((i & 0x3FFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        double fraction = (double)i / cells;
                        progress?.Report(new ExperimentProgress(fraction, $"writing SYNTHETIC records: {i:N0} of {cells:N0} cells")
                        {
                            Remaining = Eta.Remaining(fraction, watch.Elapsed),
                        });
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
            progress?.Report(new ExperimentProgress(1, $"wrote {options.RecordCount(space.Count):N0} SYNTHETIC records"));
            return options.RecordCount(space.Count);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
