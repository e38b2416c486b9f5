namespace NasBench.Core.Statistics;

// Placeholder body replaced by the studies branch (delete this file there).
public static partial class Correlation
{
    public static partial CorrelationResult Compute(IReadOnlyList<double> x, IReadOnlyList<double> y, int bootstrapSamples, int seed, double confidence) =>
        throw new NotSupportedException("Correlation is not implemented yet.");
}
