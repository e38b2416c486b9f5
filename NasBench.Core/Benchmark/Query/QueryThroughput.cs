using System.Diagnostics;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Query;

/// <summary>Measures queries per second on the calling thread (one core), the number that makes searches fast.</summary>
public static class QueryThroughput
{
    /// <summary>
    /// Pre-samples <paramref name="specs"/> raw specs with <see cref="CellSampler.RandomRaw(Random)"/> (cells the data lacks are
    /// skipped), then runs the full query path (prune + lookup + random repeat + budget) over them until
    /// <paramref name="minimum"/> has passed. Returns queries per second.
    /// </summary>
    public static double Measure(IBenchmarkData data, int specs, TimeSpan minimum, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        var random = SeedStreams.Create(seed, 0, StreamPurpose.CellSampling);
        var sample = new List<CellKey>(specs);
        for (int attempts = 0; sample.Count < specs && attempts < specs * 100; attempts++)
        {
            var raw = CellSampler.RandomRaw(random);
            if (data.Space.TryFind(raw, out int index) == SpecStatus.Ok && data.Contains(index))
            {
                sample.Add(raw);
            }
        }

        if (sample.Count == 0)
        {
            throw new InvalidOperationException("The data holds none of the sampled cells.");
        }

        var api = new NasBenchApi(data, seed);
        var cells = sample.ToArray();
        double sink = 0;
        long queries = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < minimum)
        {
            foreach (var cell in cells)
            {
                sink += api.Query(cell).ValidationAccuracy;
            }

            queries += cells.Length;
        }

        double seconds = watch.Elapsed.TotalSeconds;
        return sink > 0 ? queries / seconds : 0;
    }
}
