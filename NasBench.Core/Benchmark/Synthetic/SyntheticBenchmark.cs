using Google.Protobuf;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.TfRecord;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Synthetic;

/// <summary>
/// Writes a file in the exact official format (framing, JSON, base64 with newlines, ModelMetrics) holding plausible
/// seeded values for the first N cells of the enumeration: for tests, benchmarks and demos without the real data.
/// Anything built from it is labelled synthetic.
/// </summary>
public static class SyntheticBenchmark
{
    /// <summary>Writes the file (through a temporary file) and returns the number of records.</summary>
    public static long Write(string path, CellIndex space, SyntheticBenchmarkOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Cells < 1)
        {
            throw new ArgumentException($"--cells must be at least 1, not {options.Cells}.");
        }

        int cells = Math.Min(options.Cells, space.Count);
        var random = new Random(options.Seed);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.tmp-{Environment.ProcessId}";
        var payload = new byte[4096];
        var proto = new byte[1024];
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
                    foreach (int epochs in options.Epochs)
                    {
                        for (int repeat = 0; repeat < IBenchmarkData.Repeats; repeat++)
                        {
                            var metrics = SyntheticMetrics.Create(cell, hash, parameters, epochs, random);
                            int protoLength = metrics.CalculateSize();
                            metrics.WriteTo(proto.AsSpan(0, protoLength));
                            writer.Write(payload.AsSpan(0, RecordPayload.Write(payload, hash, epochs, cell, proto.AsSpan(0, protoLength))));
                        }
                    }

                    if ((i & 0x3FFF) == 0)
                    {
                        progress?.Report((double)i / cells);
                    }
                }
            }

            File.Move(temp, full, overwrite: true);
            progress?.Report(1);
            return options.RecordCount(space.Count);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
