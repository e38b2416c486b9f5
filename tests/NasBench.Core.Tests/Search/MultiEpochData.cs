using NasBench.Core.Benchmark;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search;

/// <summary>A small in-memory benchmark with all four epoch budgets, every number distinct per (cell, budget, repeat, halfway).</summary>
public static class MultiEpochData
{
    public static readonly int[] Epochs = [4, 12, 36, 108];

    private static readonly Lazy<InMemoryBenchmarkData> Shared = new(() => Build(cells: 40));

    public static InMemoryBenchmarkData Value => Shared.Value;

    private static InMemoryBenchmarkData Build(int cells) => At([.. Enumerable.Range(0, cells).Select(i => i * 997)]);

    /// <summary>The same kind of data for the cells at <paramref name="indices"/> (sorted, distinct).</summary>
    public static InMemoryBenchmarkData At(int[] indices)
    {
        var random = new Random(11); // test data only: its values need not be independent of anything
        int cells = indices.Length;
        var metrics = new RepeatMetrics[cells * Epochs.Length * 3];
        for (int i = 0; i < metrics.Length; i++)
        {
            metrics[i] = new RepeatMetrics(Evaluation(random, 0.4f), Evaluation(random, 0.6f));
        }

        return new InMemoryBenchmarkData(SpaceFixture.SharedIndex, indices, [.. Epochs], [.. indices.Select(_ => 1000)], metrics, isSynthetic: true);
    }

    private static EvaluationMetrics Evaluation(Random random, float level) =>
        new((float)(100 + (random.NextDouble() * 1000)), level + (float)(random.NextDouble() * 0.3),
            level + (float)(random.NextDouble() * 0.3), level + (float)(random.NextDouble() * 0.3));
}
