using MathNet.Numerics.Distributions;
using NasBench.Core.Statistics;

namespace NasBench.Core.Studies.Transfer;

/// <summary>How many of one list's top k (as a fraction of the cells) are in the other's, with a bootstrap CI.</summary>
/// <param name="Fraction">k as a fraction of n (0.05, 0.10, 0.20).</param>
/// <param name="K">k = max(1, round(fraction · n)).</param>
/// <param name="Overlap">|top-k by x ∩ top-k by y| / k.</param>
/// <param name="CiLow">Lower bound of the percentile-bootstrap interval.</param>
/// <param name="CiHigh">Upper bound.</param>
/// <param name="Chance">The overlap expected when the two rankings are unrelated: k / n.</param>
public sealed record TopKOverlap(double Fraction, int K, double Overlap, double CiLow, double CiHigh, double Chance);

/// <summary>What choosing by x costs on y: the best y minus the y of the cell with the best x, with a bootstrap CI.</summary>
/// <param name="Regret">max y − y[argmax x] (accuracy points on y's scale).</param>
/// <param name="CiLow">Lower bound of the percentile-bootstrap interval.</param>
/// <param name="CiHigh">Upper bound.</param>
/// <param name="ChosenRank">Rank on y (1 = best) of the cell with the best x.</param>
public sealed record TransferRegret(double Regret, double CiLow, double CiHigh, int ChosenRank);

/// <summary>The sample-size planner: cells needed for the 95 % CI of Spearman's ρ to be ± <see cref="HalfWidth"/>.</summary>
/// <param name="Rho">The Spearman ρ of the data so far (the planner's assumption).</param>
/// <param name="HalfWidth">The target half-width of the interval (0.1).</param>
/// <param name="Cells">Cells so far.</param>
/// <param name="HalfWidthNow">The interval's half-width with the cells so far.</param>
/// <param name="CellsNeeded">The fewest cells whose interval is no wider than the target.</param>
public sealed record SampleSizePlan(double Rho, double HalfWidth, int Cells, double HalfWidthNow, int CellsNeeded)
{
    /// <summary>True when the cells so far already give the target width.</summary>
    public bool Enough => Cells >= CellsNeeded;
}

/// <summary>Transfer statistics of two accuracy lists over the same cells (x = CIFAR-10, y = the new dataset).</summary>
public sealed record TransferStatisticsResult(int N, CorrelationResult Correlation, IReadOnlyList<TopKOverlap> Overlaps, TransferRegret Regret, SampleSizePlan Plan);

/// <summary>
/// Whether NAS-Bench-101's CIFAR-10 ranking transfers to another dataset, beyond one correlation coefficient.
/// </summary>
/// <remarks>
/// <code>
/// correlation: Pearson, Spearman, Kendall with percentile-bootstrap CIs (Correlation.Compute)
/// top-k overlap(f): k = max(1, round(f·n)); |top_k(x) ∩ top_k(y)| / k; ties broken by position; chance = k/n
/// regret: max(y) − y[argmax x]; rank of that cell on y
/// CIs of overlap and regret: B resamples of the n cells with replacement (SeedStreams(seed, 1, Bootstrap)), R-7 quantiles
/// planner (Spearman, Bonett &amp; Wright 2000): z = atanh ρ, se(n) = sqrt((1 + ρ²/2)/(n − 3)),
///     CI = tanh(z ± 1.96·se(n)); cells needed = the least n with (hi − lo)/2 ≤ target
/// </code>
/// </remarks>
public static class TransferStatistics
{
    /// <summary>The top-k fractions reported: 5 %, 10 %, 20 %.</summary>
    public static IReadOnlyList<double> Fractions { get; } = [0.05, 0.10, 0.20];

    /// <summary>The planner's target half-width of the CI of ρ.</summary>
    public const double TargetHalfWidth = 0.1;

    /// <summary>Below this many cells the tables say plainly that the intervals are rough.</summary>
    public const int SmallSample = 30;

    /// <summary>Every statistic of x (CIFAR-10) vs y (the new dataset), with <paramref name="bootstrap"/> resamples.</summary>
    public static TransferStatisticsResult Compute(IReadOnlyList<double> x, IReadOnlyList<double> y, int bootstrap = 1000, int seed = 0)
    {
        var correlation = Correlation.Compute(x, y, bootstrap, seed);
        double[] xs = [.. x], ys = [.. y];
        int n = xs.Length;
        var random = SeedStreams.Create(seed, 1, StreamPurpose.Bootstrap);
        var overlaps = Fractions.Select(_ => new List<double>(bootstrap)).ToList();
        var regrets = new List<double>(bootstrap);
        double[] bx = new double[n], by = new double[n];
        for (int b = 0; b < bootstrap; b++)
        {
            for (int i = 0; i < n; i++)
            {
                int j = random.Next(n);
                bx[i] = xs[j];
                by[i] = ys[j];
            }

            for (int f = 0; f < Fractions.Count; f++)
            {
                overlaps[f].Add(Overlap(bx, by, K(Fractions[f], n)));
            }

            regrets.Add(Regret(bx, by).Regret);
        }

        var topK = Fractions.Select((f, i) =>
        {
            int k = K(f, n);
            return new TopKOverlap(f, k, Overlap(xs, ys, k), Quantile(overlaps[i], 0.025), Quantile(overlaps[i], 0.975), (double)k / n);
        }).ToList();
        var (regret, rank) = Regret(xs, ys);
        return new TransferStatisticsResult(n, correlation, topK, new TransferRegret(regret, Quantile(regrets, 0.025), Quantile(regrets, 0.975), rank),
            Plan(correlation.Spearman.R, n));
    }

    /// <summary>k of a top fraction of n cells: max(1, round(fraction · n)).</summary>
    public static int K(double fraction, int n) => Math.Max(1, (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero));

    /// <summary>|top-k by x ∩ top-k by y| / k (higher is better on both; ties broken by position).</summary>
    public static double Overlap(IReadOnlyList<double> x, IReadOnlyList<double> y, int k)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var top = Top(x, k).ToHashSet();
        return (double)Top(y, k).Count(top.Contains) / k;
    }

    /// <summary>max y − y[argmax x], and that cell's rank on y (1 = best).</summary>
    public static (double Regret, int Rank) Regret(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int chosen = Top(x, 1)[0];
        return (y.Max() - y[chosen], 1 + y.Count(v => v > y[chosen]));
    }

    /// <summary>The 95 % Bonett–Wright interval of Spearman's ρ with <paramref name="n"/> cells.</summary>
    public static (double Low, double High) Interval(double rho, int n, double confidence = 0.95)
    {
        if (n <= 3 || !double.IsFinite(rho))
        {
            return (-1, 1);
        }

        double z = Math.Atanh(Math.Clamp(rho, -0.999999, 0.999999));
        double h = Normal.InvCDF(0, 1, 0.5 + (confidence / 2)) * Math.Sqrt((1 + (rho * rho / 2)) / (n - 3));
        return (Math.Tanh(z - h), Math.Tanh(z + h));
    }

    /// <summary>The planner: cells needed for the interval of <paramref name="rho"/> to be ± <paramref name="halfWidth"/>.</summary>
    public static SampleSizePlan Plan(double rho, int cells, double halfWidth = TargetHalfWidth)
    {
        static double Half(double r, int n) => Interval(r, n) is var (lo, hi) ? (hi - lo) / 2 : 1;
        int low = 4, high = 4;
        while (Half(rho, high) > halfWidth && high < 10_000_000)
        {
            low = high;
            high *= 2;
        }

        while (low < high)
        {
            int mid = (low + high) / 2;
            if (Half(rho, mid) <= halfWidth)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return new SampleSizePlan(rho, halfWidth, cells, Half(rho, cells), high);
    }

    private static int[] Top(IReadOnlyList<double> values, int k) =>
        [.. Enumerable.Range(0, values.Count).OrderByDescending(i => values[i]).ThenBy(i => i).Take(k)];

    private static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return MathNet.Numerics.Statistics.SortedArrayStatistics.QuantileCustom(sorted, q, MathNet.Numerics.Statistics.QuantileDefinition.R7);
    }
}
