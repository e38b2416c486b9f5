using NasBench.Core.Benchmark.Query;
using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Core.Statistics;

namespace NasBench.Core.Studies.Distance;

/// <summary>Mean |Δ accuracy| of the pairs at one distance value.</summary>
public readonly record struct DistanceBin(int Distance, int Pairs, double MeanAbsoluteDelta);

/// <summary>One distance's correlation with |Δ accuracy| and the per-distance means.</summary>
public sealed record DistanceCorrelation(string Distance, CorrelationResult Correlation, IReadOnlyList<DistanceBin> Bins, IReadOnlyList<int> Values);

/// <summary>The result: the sampler used, the |Δ mean validation accuracy| of each pair, and one entry per distance.</summary>
public sealed record DistanceStudyResult(CellDistribution Sampler, bool IsSynthetic, IReadOnlyList<double> AbsoluteDeltas, IReadOnlyList<DistanceCorrelation> Distances);

/// <summary>Distance vs accuracy (the seed paper's Figure 4) with the seed's distance, the edit distance and the path distance.</summary>
/// <remarks>
/// <code>
/// repeat N times: draw two cells (raw forms); Δ = |mean validation(a) − mean validation(b)|   (mean over the 3 repeats)
/// seed distance on the raw forms; edit distance on the canonical forms (CellIndex.Cell); path distance (isomorphism-invariant)
/// for each distance d: Pearson and Spearman of (d(a, b), Δ) with p-values; mean Δ per value of d
/// </code>
/// </remarks>
public static class DistanceStudy
{
    /// <summary>The distances compared: seed, edit and path.</summary>
    public static readonly string[] DistanceNames = ["seed", "edit", "path"];

    /// <summary>Samples pairs of cells, bins the accuracy difference by each distance and correlates them.</summary>
    public static DistanceStudyResult Run(BenchmarkTables tables, DistanceStudyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var sampler = CellDistributions.Resolve(options.Sampler, tables.IsComplete);
        var random = SeedStreams.Create(options.Seed, 0, StreamPurpose.PairSampling);
        var deltas = new double[options.Pairs];
        var values = new int[DistanceNames.Length][];
        for (int d = 0; d < values.Length; d++)
        {
            values[d] = new int[options.Pairs];
        }

        for (int i = 0; i < options.Pairs; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (a, cellA) = Draw(tables, sampler, random);
            var (b, cellB) = Draw(tables, sampler, random);
            deltas[i] = Math.Abs(tables.MeanValidation(cellA) - tables.MeanValidation(cellB));
            values[0][i] = CellDistances.Seed(a, b);
            values[1][i] = CellDistances.Edit(tables.Space.Cell(cellA), tables.Space.Cell(cellB));
            values[2][i] = CellDistances.Path(a, b);
        }

        var results = new DistanceCorrelation[DistanceNames.Length];
        for (int d = 0; d < results.Length; d++)
        {
            var asDouble = Array.ConvertAll(values[d], v => (double)v);
            results[d] = new DistanceCorrelation(DistanceNames[d],
                Correlation.Compute(asDouble, deltas, options.BootstrapSamples, options.Seed), Bins(values[d], deltas), values[d]);
        }

        return new DistanceStudyResult(sampler, tables.IsSynthetic, deltas, results);
    }

    private static (CellKey Raw, int Cell) Draw(BenchmarkTables tables, CellDistribution sampler, Random random)
    {
        if (sampler == CellDistribution.Uniform)
        {
            int cell = tables.Held[random.Next(tables.Held.Count)];
            return (tables.Space.Cell(cell), cell);
        }

        var raw = CellSampler.RandomRaw(random);
        tables.Space.TryFind(raw, out int index);
        if (!tables.Contains(index))
        {
            throw new OutOfDomainException($"The sampled cell {tables.Space.Hash(index)} is not in this benchmark: use --sampler uniform (or auto).");
        }

        return (raw, index);
    }

    private static DistanceBin[] Bins(int[] distances, double[] deltas)
    {
        var sums = new SortedDictionary<int, (int Count, double Sum)>();
        for (int i = 0; i < distances.Length; i++)
        {
            sums.TryGetValue(distances[i], out var s);
            sums[distances[i]] = (s.Count + 1, s.Sum + deltas[i]);
        }

        return [.. sums.Select(kv => new DistanceBin(kv.Key, kv.Value.Count, kv.Value.Sum / kv.Value.Count))];
    }
}
