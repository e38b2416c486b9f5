namespace NasBench.Core.Statistics;

/// <summary>Adjusted p-values for a family of tests, so each can be read against the usual α.</summary>
/// <remarks>
/// Holm (1979), step-down, controls the family-wise error rate: sort p ascending; p̃₍ᵢ₎ = max over j ≤ i of
/// min(1, (m − j + 1)·p₍ⱼ₎). Benjamini–Hochberg (1995), step-up, controls the false discovery rate:
/// p̃₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎ / j). Both equal R's <c>p.adjust</c>. NaN p-values are left out of m and stay NaN.
/// </remarks>
public static class MultipleTesting
{
    /// <summary>Holm-adjusted p-values, in the input's order.</summary>
    public static double[] Holm(IReadOnlyList<double> p)
    {
        var (order, m) = Order(p);
        var adjusted = Enumerable.Repeat(double.NaN, p.Count).ToArray();
        double running = 0;
        for (int i = 0; i < m; i++)
        {
            running = Math.Max(running, Math.Min(1, (m - i) * p[order[i]]));
            adjusted[order[i]] = running;
        }

        return adjusted;
    }

    /// <summary>Benjamini–Hochberg-adjusted p-values, in the input's order.</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> p)
    {
        var (order, m) = Order(p);
        var adjusted = Enumerable.Repeat(double.NaN, p.Count).ToArray();
        double running = 1;
        for (int i = m - 1; i >= 0; i--)
        {
            running = Math.Min(running, Math.Min(1, m * p[order[i]] / (i + 1)));
            adjusted[order[i]] = running;
        }

        return adjusted;
    }

    private static (int[] Order, int M) Order(IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var order = Enumerable.Range(0, p.Count).Where(i => double.IsFinite(p[i])).OrderBy(i => p[i]).ToArray();
        return (order, order.Length);
    }
}
