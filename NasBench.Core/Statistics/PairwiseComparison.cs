namespace NasBench.Core.Statistics;

/// <summary>One pair of samples: the Mann–Whitney test, its Holm-adjusted p, Cliff's delta with its CI, and the verdict.</summary>
/// <param name="First">Name of the first sample.</param>
/// <param name="Second">Name of the second sample.</param>
/// <param name="N1">Size of the first sample.</param>
/// <param name="N2">Size of the second sample.</param>
/// <param name="U1">Mann–Whitney U of the first sample.</param>
/// <param name="P">Unadjusted two-sided p.</param>
/// <param name="HolmP">Holm-adjusted p over the family of pairs.</param>
/// <param name="Effect">Cliff's delta (first over second) with its bootstrap 95 % CI.</param>
/// <param name="Significant">Adjusted p &lt; α, effect CI clear of zero, and enough runs.</param>
/// <param name="Verdict">"significant", "not significant", or why no claim can be made (too few runs).</param>
public sealed record PairComparison(string First, string Second, int N1, int N2, double U1, double P, double HolmP, CliffsDelta.Result Effect, bool Significant, string Verdict);

/// <summary>
/// All pairs of several samples compared as a paper should: two-sided Mann–Whitney U per pair, Holm's correction over
/// the family of pairs, Cliff's delta with a bootstrap 95 % CI; a pair is marked significant only when the adjusted p is
/// below α, the effect's CI excludes zero, and the samples are large enough for the test to reach α at all.
/// </summary>
public static class PairwiseComparison
{
    /// <summary>The significance level, after Holm's correction.</summary>
    public const double Alpha = 0.05;

    /// <summary>The smallest two-sided exact Mann–Whitney p two samples of these sizes can give: 2 / C(n₁ + n₂, n₁).</summary>
    public static double SmallestP(int n1, int n2)
    {
        double c = 1;
        for (int i = 1; i <= n1; i++)
        {
            c = c * (n2 + i) / i;
        }

        return Math.Min(1, 2 / c);
    }

    /// <summary>Every pair of <paramref name="samples"/>, in order (0 vs 1, 0 vs 2, …), Holm-corrected over all pairs.</summary>
    public static IReadOnlyList<PairComparison> Compare(IReadOnlyList<(string Name, IReadOnlyList<double> Values)> samples, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var pairs = new List<(int I, int J, MannWhitney.Result Test)>();
        for (int i = 0; i < samples.Count; i++)
        {
            for (int j = i + 1; j < samples.Count; j++)
            {
                pairs.Add((i, j, MannWhitney.Test(samples[i].Values, samples[j].Values)));
            }
        }

        var holm = MultipleTesting.Holm([.. pairs.Select(p => p.Test.P)]);
        var result = new List<PairComparison>(pairs.Count);
        for (int k = 0; k < pairs.Count; k++)
        {
            var (i, j, test) = pairs[k];
            var (x, y) = (samples[i].Values, samples[j].Values);
            var effect = CliffsDelta.WithBootstrap(x, y, seed: seed + (ulong)k);
            string verdict;
            bool significant = false;
            if (SmallestP(x.Count, y.Count) * pairs.Count >= Alpha)
            {
                verdict = $"too few runs ({x.Count} vs {y.Count}) for the test to reach α = {Alpha} after Holm over {pairs.Count}";
            }
            else if (holm[k] >= Alpha)
            {
                verdict = "not significant";
            }
            else if (effect.CiSpansZero)
            {
                verdict = "not significant (the effect's CI spans zero)";
            }
            else
            {
                verdict = "significant";
                significant = true;
            }

            result.Add(new PairComparison(samples[i].Name, samples[j].Name, x.Count, y.Count, test.U1, test.P, holm[k], effect, significant, verdict));
        }

        return result;
    }
}
