using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark;

public sealed partial class InMemoryBenchmarkData
{
    private const int EvaluationImages = 9984;

    /// <summary>
    /// A full-size synthetic benchmark (all 423,624 cells, 108 epochs, 3 repeats) with plausible structure, for
    /// tests and speed measurements. <see cref="IsSynthetic"/> is true: say "synthetic" wherever it is shown.
    /// </summary>
    /// <remarks>
    /// <code>
    /// capacity = #conv3x3 + 0.5·#conv1x1;  depth = longest input→output path;  width = in-degree of output
    /// quality  = 0.926 − 0.30·exp(−1.3·capacity) − 0.004·max(0, depth − 4) − 0.003·#maxpool + 0.0015·width + N(0, 0.004)
    /// valid_k  = quality + N(0, 0.003),  test_k = valid_k − 0.006 + N(0, 0.002)      (repeat k = 0, 1, 2)
    /// each accuracy = float32(round(acc·9984)/9984), clamped to [0.1, 0.96]; halfway = 0.85 × final
    /// time_k   = (873 + 1.05e-4·parameters) × (1 + N(0, 0.01)), fitted on real records; halfway time = time/2
    /// </code>
    /// </remarks>
    public static InMemoryBenchmarkData Synthetic(CellIndex space, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(space);
        var random = new Random(seed);
        int count = space.Count;
        var cells = new int[count];
        var parameters = new int[count];
        var metrics = new RepeatMetrics[count * IBenchmarkData.Repeats];
        for (int i = 0; i < count; i++)
        {
            var cell = space.Cell(i);
            cells[i] = i;
            parameters[i] = (int)SearchSpace.TrainableParameters.Count(cell);
            double quality = Quality(cell) + Gaussian(random, 0.004);
            double time = 873 + (1.05e-4 * parameters[i]);
            for (int k = 0; k < IBenchmarkData.Repeats; k++)
            {
                double valid = Quantize(quality + Gaussian(random, 0.003));
                double test = Quantize(valid - 0.006 + Gaussian(random, 0.002));
                double train = Quantize(Math.Min(1.0, valid + 0.06));
                float t = (float)(time * (1 + Gaussian(random, 0.01)));
                metrics[(i * IBenchmarkData.Repeats) + k] = new RepeatMetrics(
                    new EvaluationMetrics(t / 2, (float)Quantize(0.85 * train), (float)Quantize(0.85 * valid), (float)Quantize(0.85 * test)),
                    new EvaluationMetrics(t, (float)train, (float)valid, (float)test));
            }
        }

        return new InMemoryBenchmarkData(space, cells, [108], parameters, metrics, isSynthetic: true);
    }

    private static double Quality(CellKey cell)
    {
        int n = cell.VertexCount;
        int conv3 = 0, conv1 = 0, pool = 0;
        Span<int> depth = stackalloc int[SpaceLimits.MaxVertices];
        for (int v = 1; v < n; v++)
        {
            if (v < n - 1)
            {
                switch (cell.Label(v))
                {
                    case 0: conv3++; break;
                    case 1: conv1++; break;
                    default: pool++; break;
                }
            }

            depth[v] = int.MinValue;
            for (int u = 0; u < v; u++)
            {
                if (cell.HasEdge(u, v))
                {
                    depth[v] = Math.Max(depth[v], depth[u] + 1);
                }
            }
        }

        int width = 0;
        for (int u = 0; u < n - 1; u++)
        {
            width += cell.HasEdge(u, n - 1) ? 1 : 0;
        }

        double capacity = conv3 + (0.5 * conv1);
        return 0.926 - (0.30 * Math.Exp(-1.3 * capacity)) - (0.004 * Math.Max(0, depth[n - 1] - 4)) - (0.003 * pool) + (0.0015 * width);
    }

    private static double Quantize(double accuracy) =>
        (float)(Math.Round(Math.Clamp(accuracy, 0.1, 0.96) * EvaluationImages) / EvaluationImages);

    private static double Gaussian(Random random, double sigma)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
