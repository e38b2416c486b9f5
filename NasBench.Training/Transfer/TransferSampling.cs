using NasBench.Core.Benchmark;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;

namespace NasBench.Training.Transfer;

/// <summary>Draws the study's cells (indices into the benchmark data's space) from a seeded generator.</summary>
public static class TransferSampling
{
    /// <summary>Raw draws per requested cell before giving up (a small store is rarely hit by raw matrices).</summary>
    public const int MaxRawAttemptsPerCell = 100_000;

    /// <summary>The study's cells: <paramref name="sampler"/> must be resolved (<see cref="CellDistributions.Resolve"/>): uniform draws
    /// distinct cells of the data, raw draws the seed paper's raw matrices until they are held (duplicates possible).</summary>
    public static IReadOnlyList<int> Sample(IBenchmarkData data, int count, CellDistribution sampler, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (count < 1)
        {
            throw new ArgumentException($"The study needs at least one cell, not {count}.");
        }

        if (sampler == CellDistribution.Uniform)
        {
            if (count > data.CellIndices.Count)
            {
                throw new ArgumentException($"{count} distinct cells were asked for but the benchmark data holds only {data.CellIndices.Count}.");
            }

            var pool = data.CellIndices.ToArray();
            random.Shuffle(pool);
            return pool[..count];
        }

        var cells = new List<int>(count);
        for (long attempts = 0; cells.Count < count; attempts++)
        {
            if (attempts > (long)MaxRawAttemptsPerCell * count)
            {
                throw new ArgumentException($"Raw sampling found only {cells.Count} of {count} cells held by the benchmark data; use --sampler uniform with a small store.");
            }

            if (data.Space.TryFind(CellSampler.RandomRaw(random), out int index) == SpecStatus.Ok && data.Contains(index))
            {
                cells.Add(index);
            }
        }

        return cells;
    }
}
