using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Samplers shared by the algorithms, aware of stores that hold only part of the space.</summary>
internal static class SearchSampling
{
    /// <summary>
    /// The seed's raw-matrix sampler. Restricted, it resamples until the cell is held (the raw sampler's
    /// distribution conditioned on the store), which is slow for tiny stores; unrestricted, the query of a cell the
    /// store lacks fails.
    /// </summary>
    public static int RandomRawCell(SearchBenchmark benchmark, Random random, bool restrict)
    {
        while (true)
        {
            RandomRaw(random, out var pruned);
            int cell = benchmark.Space.IndexOfPruned(pruned);
            if (!restrict || benchmark.Tables.Contains(cell))
            {
                return cell;
            }
        }
    }

    /// <summary>
    /// The distribution of <see cref="CellSampler.RandomRaw"/> (21 uniform edge bits, 5 uniform ops, resampled until
    /// valid) with two draws per attempt instead of 26: the 21 bits as one uniform integer below 2^21 and the 5 ops
    /// as one below 3^5 read in base 3. Same distribution, a different (still seeded) stream.
    /// </summary>
    public static CellKey RandomRaw(Random random) => RandomRaw(random, out _);

    /// <summary>As <see cref="RandomRaw(Random)"/>, also giving the pruned cell (one prune per draw).</summary>
    public static CellKey RandomRaw(Random random, out CellKey pruned)
    {
        while (true)
        {
            uint bits = (uint)random.Next(1 << SpaceLimits.MaxEdgeBits);
            int ops = random.Next(243);
            int labels = 0;
            for (int v = 0; v < SpaceLimits.OpSpots; v++, ops /= 3)
            {
                labels |= (ops % 3) << (2 * v);
            }

            var raw = CellKey.Create(SpaceLimits.MaxVertices, bits, labels);
            if (raw.Prune(out pruned) == SpecStatus.Ok)
            {
                return raw;
            }
        }
    }

    /// <summary>A start cell in the raw 7-vertex form mutations and neighbourhoods work on.</summary>
    /// <remarks>
    /// Unrestricted or on a complete store: the raw sampler. Restricted on a partial store: a held cell drawn
    /// uniformly, padded to 7 vertices (cheap where rejection sampling would take thousands of draws per cell).
    /// </remarks>
    public static CellKey Start(SearchBenchmark benchmark, Random random, bool restrict)
    {
        if (!restrict || benchmark.Tables.IsComplete)
        {
            return RandomRaw(random);
        }

        int cell = CellSampler.UniformIndex(random, benchmark.Space, benchmark.Tables.Held);
        return CellSampler.PadToSeven(benchmark.Space.Cell(cell));
    }
}
