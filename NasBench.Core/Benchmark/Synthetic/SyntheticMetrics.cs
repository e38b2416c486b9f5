using NasBench.Core.Benchmark.Proto;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Synthetic;

/// <summary>
/// The one generator of synthetic metrics: <see cref="InMemoryBenchmarkData.Synthetic(CellIndex, SyntheticBenchmarkOptions, CancellationToken)"/>
/// and <see cref="SyntheticBenchmark.Write"/> both call it, so `--synthetic --synthetic-seed S` and
/// `data synth --seed S` + import hold the same values.
/// </summary>
/// <remarks>
/// <code>
/// capacity = #conv3x3 + 0.5·#conv1x1;  depth = longest input→output path;  width = in-degree of output
/// quality  = 0.926 − 0.30·exp(−1.3·capacity) − 0.004·max(0, depth − 4) − 0.003·#maxpool + 0.0015·width + N(0, 0.004)
/// valid_k  = quality − gap(e) + N(0, 0.003),  gap = 0.22/0.09/0.03/0 at 4/12/36/108 epochs
/// test_k   = valid_k − 0.006 + N(0, 0.002);  train_k = min(1, valid_k + 0.06)     (repeat k = 0, 1, 2)
/// each accuracy = float32(round(acc·9984)/9984), clamped to [0.1, 0.96]; halfway = 0.85 × final
/// time_k   = (873 + 1.05e-4·parameters)·e/108·(1 + N(0, 0.01)), fitted on real records; halfway time = time/2
/// </code>
/// Every draw comes from a stream keyed by (seed, cell hash, budget) through SplitMix64, so a cell's values do not
/// depend on which other cells or budgets are generated, nor on the order (the generation runs on all cores).
/// </remarks>
internal static class SyntheticMetrics
{
    private const double Images = 9984;

    /// <summary>Writes the 3 repeats of each budget of <paramref name="epochs"/> to <paramref name="output"/> (budget-major).</summary>
    public static void Generate(CellKey cell, CellHash hash, int parameters, int seed, IReadOnlyList<int> epochs, Span<RepeatMetrics> output)
    {
        var cellStream = new Stream(seed, hash, 0);
        double quality = Quality(cell) + cellStream.Gaussian(0.004);
        double time = 873 + (1.05e-4 * parameters);
        for (int e = 0; e < epochs.Count; e++)
        {
            int budget = epochs[e];
            var stream = new Stream(seed, hash, budget);
            double gap = budget switch { 4 => 0.22, 12 => 0.09, 36 => 0.03, _ => 0 };
            for (int k = 0; k < IBenchmarkData.Repeats; k++)
            {
                double valid = Quantize(quality - gap + stream.Gaussian(0.003));
                double test = Quantize(valid - 0.006 + stream.Gaussian(0.002));
                double train = Quantize(Math.Min(1.0, valid + 0.06));
                float t = (float)(time * budget / EpochBudgets.Default * (1 + stream.Gaussian(0.01)));
                output[(e * IBenchmarkData.Repeats) + k] = new RepeatMetrics(
                    new EvaluationMetrics(t / 2, (float)Quantize(0.85 * train), (float)Quantize(0.85 * valid), (float)Quantize(0.85 * test)),
                    new EvaluationMetrics(t, (float)train, (float)valid, (float)test));
            }
        }
    }

    /// <summary>The record's ModelMetrics: step 0, halfway and final evaluation (the final one carries the synthetic marker).</summary>
    public static ModelMetrics ToProto(int parameters, int epochs, in RepeatMetrics m)
    {
        var metrics = new ModelMetrics { TrainableParameters = parameters, TotalTime = (double)(float)((m.Final.TrainingTime * 1.03) + 5) };
        metrics.EvaluationData.Add(new EvaluationData { CurrentEpoch = 0, TrainingTime = 0, TrainAccuracy = 0.1, ValidationAccuracy = 0.1, TestAccuracy = 0.1 });
        metrics.EvaluationData.Add(Evaluation(epochs / 2.0, m.Halfway));
        var final = Evaluation(epochs, m.Final);
        final.CheckpointPath = Records.RecordParser.SyntheticMarker;
        metrics.EvaluationData.Add(final);
        return metrics;
    }

    private static EvaluationData Evaluation(double epoch, in EvaluationMetrics e) => new()
    {
        CurrentEpoch = epoch,
        TrainingTime = e.TrainingTime,
        TrainAccuracy = e.TrainAccuracy,
        ValidationAccuracy = e.ValidationAccuracy,
        TestAccuracy = e.TestAccuracy,
    };

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

    /// <summary>float32(k/9984): what the real evaluation on 39 batches of 256 images gives.</summary>
    private static double Quantize(double accuracy) => (float)(Math.Round(Math.Clamp(accuracy, 0.1, 0.96) * Images) / Images);

    /// <summary>A SplitMix64 stream: the key is mixed once, so nearby seeds and hashes give unrelated draws.</summary>
    private struct Stream(int seed, CellHash hash, int budget)
    {
        private ulong _state = Mix(Mix(Mix((ulong)(uint)seed) ^ hash.High) ^ hash.Low ^ ((ulong)budget << 32));

        public double Gaussian(double sigma)
        {
            double u1 = 1.0 - Uniform();
            double u2 = Uniform();
            return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        /// <summary>A double in [0, 1) from the top 53 bits.</summary>
        private double Uniform()
        {
            _state += 0x9E3779B97F4A7C15;
            return (Mix(_state) >> 11) * (1.0 / (1UL << 53));
        }

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
