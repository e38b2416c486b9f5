using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark;

public sealed partial class InMemoryBenchmarkData
{
    /// <summary>
    /// A full-size synthetic benchmark (all 423,624 cells, 108 epochs, 3 repeats) with plausible structure, for
    /// tests and speed measurements. <see cref="IsSynthetic"/> is true: say "synthetic" wherever it is shown.
    /// </summary>
    public static InMemoryBenchmarkData Synthetic(CellIndex space, int seed = 0) => Synthetic(space, new SyntheticBenchmarkOptions(Seed: seed));

    /// <summary>
    /// The synthetic benchmark of <paramref name="options"/> (the first N cells of the enumeration, one or all budgets):
    /// the same values <see cref="SyntheticBenchmark.Write"/> writes for the same options (one generator,
    /// <see cref="SyntheticMetrics"/>). Generated on all cores; <paramref name="cancellationToken"/> stops it.
    /// </summary>
    public static InMemoryBenchmarkData Synthetic(CellIndex space, SyntheticBenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int count = Math.Min(options.Cells, space.Count);
        var epochs = options.Epochs.ToArray();
        int perCell = epochs.Length * IBenchmarkData.Repeats;
        var cells = new int[count];
        var parameters = new int[count];
        var metrics = new RepeatMetrics[count * perCell];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, (count + 4095) / 4096, parallel, block =>
        {
            for (int i = block * 4096; i < Math.Min(count, (block + 1) * 4096); i++)
            {
                var cell = space.Cell(i);
                cells[i] = i;
                parameters[i] = (int)SearchSpace.TrainableParameters.Count(cell);
                SyntheticMetrics.Generate(cell, space.Hash(i), parameters[i], options.Seed, epochs, metrics.AsSpan(i * perCell, perCell));
            }
        });
        return new InMemoryBenchmarkData(space, cells, epochs, parameters, metrics, isSynthetic: true);
    }
}
