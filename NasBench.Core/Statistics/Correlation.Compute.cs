using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using MathNetCorrelation = MathNet.Numerics.Statistics.Correlation;

namespace NasBench.Core.Statistics;

/// <remarks>
/// <code>
/// Pearson, Spearman (MathNet; Spearman = Pearson of average ranks):
///     t = r·sqrt((n−2)/(1−r²)),  p = 2·(1 − F_t(|t|; n−2))
/// Kendall tau-b (Knight's O(n log n): sort by x then y, count ties, count the swaps of a merge sort on y):
///     S = n0 − n1 − n2 + n3 − 2·swaps,  tau = S / sqrt((n0−n1)(n0−n2))
///     p from the normal approximation with the tie-corrected variance of S (as scipy's "asymptotic" method)
/// CI: percentile bootstrap, B resamples of the n pairs with replacement from SeedStreams(seed, 0, Bootstrap);
///     bounds are R-7 quantiles (MathNet) of the finite resampled coefficients
/// </code>
/// </remarks>
public static partial class Correlation
{
    public static partial CorrelationResult Compute(IReadOnlyList<double> x, IReadOnlyList<double> y, int bootstrapSamples, int seed, double confidence)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Correlation needs paired samples: {x.Count} x values but {y.Count} y values.");
        }

        if (x.Count < 3)
        {
            throw new ArgumentException($"Correlation needs at least 3 pairs (got {x.Count}).");
        }

        if (!(confidence is > 0 and < 1) || bootstrapSamples < 0)
        {
            throw new ArgumentException($"Bad bootstrap settings: confidence {confidence} must be in (0, 1), samples {bootstrapSamples} ≥ 0.");
        }

        var xs = x.ToArray();
        var ys = y.ToArray();
        if (Array.Exists(xs, double.IsNaN) || Array.Exists(ys, double.IsNaN))
        {
            throw new ArgumentException("Correlation inputs contain NaN.");
        }

        int n = xs.Length;
        double pearson = MathNetCorrelation.Pearson(xs, ys);
        double spearman = MathNetCorrelation.Spearman(xs, ys);
        var (kendall, kendallP) = KendallTauB(xs, ys);
        var (pLow, pHigh, sLow, sHigh, kLow, kHigh) = Bootstrap(xs, ys, bootstrapSamples, seed, confidence);
        return new CorrelationResult(n,
            new CorrelationCoefficient(pearson, TTestP(pearson, n), pLow, pHigh),
            new CorrelationCoefficient(spearman, TTestP(spearman, n), sLow, sHigh),
            new CorrelationCoefficient(kendall, kendallP, kLow, kHigh));
    }

    /// <summary>Two-sided p-value of a correlation coefficient through Student's t with n − 2 degrees of freedom.</summary>
    public static double TTestP(double r, int n)
    {
        if (double.IsNaN(r))
        {
            return double.NaN;
        }

        if (Math.Abs(r) >= 1)
        {
            return 0;
        }

        double t = Math.Abs(r) * Math.Sqrt((n - 2) / (1 - (r * r)));
        return 2 * StudentT.CDF(0, 1, n - 2, -t);
    }

    private static (double, double, double, double, double, double) Bootstrap(double[] x, double[] y, int samples, int seed, double confidence)
    {
        if (samples == 0)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var random = SeedStreams.Create(seed, 0, StreamPurpose.Bootstrap);
        int n = x.Length;
        var bx = new double[n];
        var by = new double[n];
        var p = new List<double>(samples);
        var s = new List<double>(samples);
        var k = new List<double>(samples);
        for (int b = 0; b < samples; b++)
        {
            for (int i = 0; i < n; i++)
            {
                int j = random.Next(n);
                bx[i] = x[j];
                by[i] = y[j];
            }

            AddFinite(p, MathNetCorrelation.Pearson(bx, by));
            AddFinite(s, MathNetCorrelation.Spearman(bx, by));
            AddFinite(k, KendallTauB(bx, by).Tau);
        }

        double alpha = (1 - confidence) / 2;
        return (Quantile(p, alpha), Quantile(p, 1 - alpha), Quantile(s, alpha), Quantile(s, 1 - alpha), Quantile(k, alpha), Quantile(k, 1 - alpha));
    }

    private static void AddFinite(List<double> list, double value)
    {
        if (double.IsFinite(value))
        {
            list.Add(value);
        }
    }

    private static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return SortedArrayStatistics.QuantileCustom(values.ToArray(), q, QuantileDefinition.R7);
    }
}
