using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace NasBench.Core.Statistics;

/// <summary>
/// The one summary of a sample that pages, tables and files print: n, mean, standard deviation (n − 1), the 95 %
/// confidence interval of the mean, median and quartiles.
/// </summary>
/// <remarks>
/// CI = mean ± t(0.975, n − 1)·s/√n (NaN for n &lt; 2). Quartiles and median interpolate linearly between order
/// statistics (R type 7, numpy's default).
/// </remarks>
/// <param name="N">Sample size.</param>
/// <param name="Mean">Mean.</param>
/// <param name="Sd">Standard deviation with n − 1 (NaN for n &lt; 2).</param>
/// <param name="CiLow">Lower bound of the 95 % CI of the mean.</param>
/// <param name="CiHigh">Upper bound of the 95 % CI of the mean.</param>
/// <param name="Median">Median .</param>
/// <param name="P25">25th percentile .</param>
/// <param name="P75">75th percentile .</param>
public readonly record struct SampleSummary(int N, double Mean, double Sd, double CiLow, double CiHigh, double Median, double P25, double P75)
{
    /// <summary>Half the width of the 95 % CI of the mean (NaN when n &lt; 2).</summary>
    public double CiHalfWidth => (CiHigh - CiLow) / 2;

    /// <summary>The summary of <paramref name="values"/> (all NaN and n = 0 when empty).</summary>
    public static SampleSummary Of(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n == 0)
        {
            return new SampleSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        double mean = 0;
        foreach (double v in sorted)
        {
            mean += v;
        }

        mean /= n;
        double sd = double.NaN, half = double.NaN;
        if (n > 1)
        {
            double ss = 0;
            foreach (double v in sorted)
            {
                ss += (v - mean) * (v - mean);
            }

            sd = Math.Sqrt(ss / (n - 1));
            half = StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n);
        }

        return new SampleSummary(n, mean, sd, mean - half, mean + half, Quantile(sorted, 0.5), Quantile(sorted, 0.25), Quantile(sorted, 0.75));
    }

    /// <summary>The summary of <paramref name="values"/>.</summary>
    public static SampleSummary Of(IEnumerable<double> values) => Of([.. values ?? throw new ArgumentNullException(nameof(values))]);

    /// <summary>Linear interpolation between order statistics of sorted data (R type 7), by MathNet.</summary>
    public static double Quantile(double[] sorted, double q) => SortedArrayStatistics.QuantileCustom(sorted, q, QuantileDefinition.R7);
}
