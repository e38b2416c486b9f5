namespace NasBench.Core.Statistics;

/// <summary>
/// When a table may star a result: p below α, its confidence interval clear of zero, and a sample large enough to
/// say anything; otherwise the reason, which the table prints instead of a star.
/// </summary>
public static class SignificanceMark
{
    /// <summary>Below this many pairs a correlation is not starred, whatever its p (a 4-cell study's r = 0.958 has a CI of [−1, 1]).</summary>
    public const int MinimumN = 8;

    /// <summary>null when the result may be starred, else why not ("n = 4 is too few", "CI spans 0", "p ≥ 0.05").</summary>
    public static string? Why(double p, double ciLow, double ciHigh, int n, double alpha = 0.05)
    {
        if (n < MinimumN)
        {
            return $"n = {n} is too few to call significant";
        }

        if (!(p < alpha))
        {
            return $"p ≥ {alpha}";
        }

        return ciLow > 0 || ciHigh < 0 ? null : "the CI spans 0";
    }

    /// <summary>"*" when <see cref="Why"/> has no objection, else "".</summary>
    public static string Star(double p, double ciLow, double ciHigh, int n, double alpha = 0.05) =>
        p < alpha && Why(p, ciLow, ciHigh, n, alpha) is null ? "*" : string.Empty;
}
