using MathNet.Numerics.Distributions;

namespace NasBench.Core.Statistics;

public static partial class Correlation
{
    /// <summary>Kendall's tau-b and its two-sided p-value (normal approximation, tie-corrected variance).</summary>
    public static (double Tau, double P) KendallTauB(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n = x.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => x[a] != x[b] ? x[a].CompareTo(x[b]) : y[a].CompareTo(y[b]));
        var (xTies, xV0, xV1, xV2) = TieSums(order, x);
        double jointTies = 0;
        for (int i = 0, run = 1; i < n; i++, run++)
        {
            if (i == n - 1 || x[order[i]] != x[order[i + 1]] || y[order[i]] != y[order[i + 1]])
            {
                jointTies += run * (run - 1) / 2.0;
                run = 0;
            }
        }

        var ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            ys[i] = y[order[i]];
        }

        double swaps = MergeSortSwaps(ys, new double[n], 0, n);
        var sortedY = new int[n];
        for (int i = 0; i < n; i++)
        {
            sortedY[i] = i;
        }

        var (yTies, yV0, yV1, yV2) = TieSums(sortedY, ys);
        double n0 = n * (n - 1) / 2.0;
        double s = n0 - xTies - yTies + jointTies - (2 * swaps);
        double denominator = Math.Sqrt((n0 - xTies) * (n0 - yTies));
        double tau = denominator > 0 ? s / denominator : double.NaN;

        double nn = n;
        double variance = (((nn * (nn - 1) * ((2 * nn) + 5)) - xV0 - yV0) / 18)
            + (xV1 * yV1 / (2 * nn * (nn - 1)))
            + (xV2 * yV2 / (9 * nn * (nn - 1) * (nn - 2)));
        double p = variance > 0 ? 2 * Normal.CDF(0, 1, -Math.Abs(s) / Math.Sqrt(variance)) : double.NaN;
        return (tau, p);
    }

    /// <summary>For runs of equal values (in the given order, already sorted): Σt(t−1)/2, Σt(t−1)(2t+5), Σt(t−1), Σt(t−1)(t−2).</summary>
    private static (double Pairs, double V0, double V1, double V2) TieSums(int[] order, double[] values)
    {
        double pairs = 0, v0 = 0, v1 = 0, v2 = 0;
        int n = order.Length;
        for (int i = 0, run = 1; i < n; i++, run++)
        {
            if (i == n - 1 || values[order[i]] != values[order[i + 1]])
            {
                double t = run;
                pairs += t * (t - 1) / 2;
                v0 += t * (t - 1) * ((2 * t) + 5);
                v1 += t * (t - 1);
                v2 += t * (t - 1) * (t - 2);
                run = 0;
            }
        }

        return (pairs, v0, v1, v2);
    }

    /// <summary>Sorts values[lo..hi) ascending and returns the number of inversions (strictly greater before smaller).</summary>
    private static double MergeSortSwaps(double[] values, double[] buffer, int lo, int hi)
    {
        if (hi - lo < 2)
        {
            return 0;
        }

        int mid = (lo + hi) >>> 1;
        double swaps = MergeSortSwaps(values, buffer, lo, mid) + MergeSortSwaps(values, buffer, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            if (values[j] < values[i])
            {
                swaps += mid - i;
                buffer[k++] = values[j++];
            }
            else
            {
                buffer[k++] = values[i++];
            }
        }

        while (i < mid)
        {
            buffer[k++] = values[i++];
        }

        while (j < hi)
        {
            buffer[k++] = values[j++];
        }

        Array.Copy(buffer, lo, values, lo, hi - lo);
        return swaps;
    }
}
