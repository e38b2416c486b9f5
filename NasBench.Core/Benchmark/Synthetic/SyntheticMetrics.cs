using NasBench.Core.Benchmark.Proto;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Synthetic;

/// <summary>
/// Plausible, seeded metrics for a cell: accuracy a smooth function of the cell's make-up (so searches have something
/// to find) plus a fixed per-cell jitter and per-repeat noise; times grow with the parameter count and the budget.
/// </summary>
/// <remarks>
/// <code>
/// q         = sigmoid(0.55·#conv3x3 + 0.3·#conv1x1 − 0.2·#maxpool + 0.12·edges + 0.3·depth − 2.5)
/// valid(e)  = 0.80 + 0.145·q + jitter(hash) − gap(e)·(1 − 0.3·q) + N(0, 0.002),  gap = 0.22/0.09/0.03/0 at 4/12/36/108
/// test      = valid − 0.006 + N(0, 0.002);  train = valid + 0.04 + 0.04·e/108 (at most 1)
/// time(e)   = (400 + 120·params/10⁶)·e/108·(1 + N(0, 0.01));  halfway: about half of everything
/// </code>
/// Accuracies are float32(k/9984) and times float32, as in the real data; the final evaluation carries the
/// <see cref="Records.RecordParser.SyntheticMarker"/> checkpoint path so imports know the data is synthetic.
/// </remarks>
internal static class SyntheticMetrics
{
    private const double Images = 9984;

    public static double Quality(CellKey cell)
    {
        int c3 = 0, c1 = 0, mp = 0;
        for (int v = 1; v < cell.VertexCount - 1; v++)
        {
            switch (cell.Label(v))
            {
                case 0: c3++; break;
                case 1: c1++; break;
                default: mp++; break;
            }
        }

        double z = (0.55 * c3) + (0.3 * c1) - (0.2 * mp) + (0.12 * cell.EdgeCount) + (0.3 * Depth(cell)) - 2.5;
        return 1 / (1 + Math.Exp(-z));
    }

    public static ModelMetrics Create(CellKey cell, CellHash hash, int parameters, int epochs, Random random)
    {
        double q = Quality(cell);
        double jitter = (((hash.Low & 0xFFFF) / 65535.0) - 0.5) * 0.01;
        double gap = epochs switch { 4 => 0.22, 12 => 0.09, 36 => 0.03, _ => 0 };
        double valid = 0.80 + (0.145 * q) + jitter - (gap * (1 - (0.3 * q))) + Normal(random, 0.002);
        double time = (400 + (120 * parameters / 1e6)) * epochs / 108 * (1 + Normal(random, 0.01));
        double halfValid = valid - 0.06 - (0.04 * (1 - q)) + Normal(random, 0.01);
        var metrics = new ModelMetrics { TrainableParameters = parameters, TotalTime = Float(time * 1.03) + 5 };
        metrics.EvaluationData.Add(Evaluation(0, 0, 0.1 + Normal(random, 0.01), 0.1 + Normal(random, 0.01), 0.1 + Normal(random, 0.01)));
        metrics.EvaluationData.Add(Evaluation(epochs / 2.0, time * (0.5 + Normal(random, 0.005)), halfValid + 0.05, halfValid, halfValid - 0.006 + Normal(random, 0.003)));
        var final = Evaluation(epochs, time, valid + 0.04 + (0.04 * epochs / 108), valid, valid - 0.006 + Normal(random, 0.002));
        final.CheckpointPath = Records.RecordParser.SyntheticMarker;
        metrics.EvaluationData.Add(final);
        return metrics;
    }

    private static EvaluationData Evaluation(double epoch, double time, double train, double valid, double test)
    {
        var e = new EvaluationData
        {
            CurrentEpoch = epoch,
            TrainingTime = Float(time),
            TrainAccuracy = Accuracy(train),
            ValidationAccuracy = Accuracy(valid),
            TestAccuracy = Accuracy(test),
        };
        return e;
    }

    /// <summary>float32(k/9984): what the real evaluation on 39 batches of 256 images gives.</summary>
    private static double Accuracy(double a) => (float)(Math.Round(Math.Clamp(a, 0.02, 1) * Images) / Images);

    private static double Float(double x) => (float)Math.Max(0, x);

    private static double Normal(Random random, double sigma) =>
        sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Depth(CellKey cell)
    {
        Span<int> depth = stackalloc int[8];
        for (int y = 1; y < cell.VertexCount; y++)
        {
            for (int x = 0; x < y; x++)
            {
                if (cell.HasEdge(x, y))
                {
                    depth[y] = Math.Max(depth[y], depth[x] + 1);
                }
            }
        }

        return depth[cell.VertexCount - 1];
    }
}
