namespace NasBench.Core.Statistics;

/// <summary>One correlation coefficient with its two-sided p-value and a bootstrap confidence interval.</summary>
public readonly record struct CorrelationCoefficient(double R, double P, double CiLow, double CiHigh);

/// <summary>Pearson, Spearman and Kendall correlation of two paired samples.</summary>
public sealed record CorrelationResult(int N, CorrelationCoefficient Pearson, CorrelationCoefficient Spearman, CorrelationCoefficient Kendall);

/// <summary>Correlation of two accuracy lists (the seed paper's Table 1), with MathNet.Numerics.</summary>
public static partial class Correlation
{
    // Contract shared by the search/studies and training branches; the studies branch implements it.
    /// <summary>Pearson, Spearman and Kendall with p-values and seeded bootstrap confidence intervals.</summary>
    public static partial CorrelationResult Compute(IReadOnlyList<double> x, IReadOnlyList<double> y, int bootstrapSamples = 1000, int seed = 0, double confidence = 0.95);
}
