using MathNet.Numerics.Distributions;

namespace NasBench.Core.Statistics;

/// <summary>The pairwise tests of a comparison table: Mann–Whitney U (two-sided) and Holm's step-down correction.</summary>
public static class RankTests
{
    /// <summary>
    /// Two-sided Mann–Whitney U with SciPy's asymptotic method: average ranks for ties, the tie-corrected variance
    /// n₁n₂/12·((n+1) − Σ(t³−t)/(n(n−1))) and a continuity correction of ½; p capped at 1. (The web's compare page
    /// also has SciPy's exact method for samples under 8 without ties; the presets' 200 and 500 runs never need it.)
    /// </summary>
    public static (double U1, double P) MannWhitney(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n1 = x.Count, n2 = y.Count, n = n1 + n2;
        if (n1 == 0 || n2 == 0)
        {
            return (double.NaN, double.NaN);
        }

        var all = x.Select(v => (Value: v, First: true)).Concat(y.Select(v => (Value: v, First: false))).OrderBy(p => p.Value).ToArray();
        double rankSum = 0, tieTerm = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && all[j + 1].Value == all[i].Value)
            {
                j++;
            }

            for (int k = i; k <= j; k++)
            {
                rankSum += all[k].First ? ((i + j) / 2.0) + 1 : 0;
            }

            double t = j - i + 1;
            tieTerm += (t * t * t) - t;
            i = j + 1;
        }

        double u1 = rankSum - (n1 * (n1 + 1) / 2.0);
        double big = Math.Max(u1, ((double)n1 * n2) - u1);
        double sigma = Math.Sqrt(n1 * (double)n2 / 12 * (n + 1 - (tieTerm / (n * (n - 1.0)))));
        if (sigma == 0)
        {
            return (u1, 1);
        }

        double z = (big - (n1 * n2 / 2.0) - 0.5) / sigma;
        return (u1, Math.Min(1, 2 * (1 - Normal.CDF(0, 1, z))));
    }

    /// <summary>Holm's step-down adjustment: sorted ascending, p₍ᵢ₎·(m − i), made monotone, capped at 1; in input order.</summary>
    public static double[] Holm(IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        int m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (int k = 0; k < m; k++)
        {
            running = Math.Max(running, Math.Min(1, p[order[k]] * (m - k)));
            adjusted[order[k]] = running;
        }

        return adjusted;
    }
}
