namespace NasBench.Core.Studies.Advisor;

/// <summary>Which cells of a pool the advisor trains: a few that span both the reference accuracy and a proxy.</summary>
/// <remarks>
/// A Latin-hypercube-like pick over two rankings, deterministic (no seed needed):
/// <code>
/// order the pool by reference accuracy, best first; cut it into `count` strata of (nearly) equal size
/// for stratum s = 0 … count−1: q = vanDerCorput(s + 1)         # 1/2, 1/4, 3/4, 1/8, 5/8, …: each new pick fills the widest gap
///     order the stratum's cells by the proxy (NaN last); pick the one at round(q · (m − 1))
/// </code>
/// So the picks cover the reference accuracy from best to worst, and within those strata they cover the proxy's range.
/// </remarks>
public static class TrainingPicks
{
    /// <summary>Positions into the pool of the cells to train (in stratum order: best reference accuracy first).</summary>
    public static IReadOnlyList<int> Span(IReadOnlyList<double> reference, IReadOnlyList<double> proxy, int count)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(proxy);
        if (reference.Count != proxy.Count)
        {
            throw new ArgumentException("The reference accuracies and the proxy scores must cover the same cells.");
        }

        int n = reference.Count;
        var order = Enumerable.Range(0, n).OrderByDescending(i => double.IsNaN(reference[i]) ? double.NegativeInfinity : reference[i]).ThenBy(i => i).ToArray();
        if (count >= n)
        {
            return order;
        }

        var picks = new List<int>(count);
        for (int s = 0; s < count; s++)
        {
            int from = (int)((long)s * n / count), to = (int)((long)(s + 1) * n / count);
            var stratum = order[from..to].OrderBy(i => double.IsNaN(proxy[i]) ? double.PositiveInfinity : proxy[i]).ThenBy(i => i).ToArray();
            picks.Add(stratum[(int)Math.Round(VanDerCorput(s + 1) * (stratum.Length - 1), MidpointRounding.AwayFromZero)]);
        }

        return picks;
    }

    /// <summary>The base-2 van der Corput number of <paramref name="k"/> ≥ 1: 1/2, 1/4, 3/4, 1/8, 5/8, 3/8, 7/8, …</summary>
    public static double VanDerCorput(int k)
    {
        double q = 0, bit = 0.5;
        for (; k > 0; k >>= 1, bit /= 2)
        {
            if ((k & 1) == 1)
            {
                q += bit;
            }
        }

        return q;
    }
}
