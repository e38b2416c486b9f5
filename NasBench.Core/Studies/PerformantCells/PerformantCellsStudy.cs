using MathNet.Numerics;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Search;

namespace NasBench.Core.Studies.PerformantCells;

/// <summary>Options of the performant-cells study (the seed paper's §3.5).</summary>
public sealed record PerformantCellsOptions
{
    /// <summary>Cells whose mean accuracy is strictly above this are "performant".</summary>
    /// <value>The default value is 0.92.</value>
    public double Threshold { get; init; } = 0.92;

    /// <summary>Threshold the mean test accuracy instead of the mean validation accuracy.</summary>
    /// <value>The default value is false (validation).</value>
    public bool UseTestAccuracy { get; init; }

    /// <summary>Throws when the accuracy threshold is outside [0, 1].</summary>
    public void Validate()
    {
        if (!(Threshold is >= 0 and <= 1))
        {
            throw new ArgumentException($"The accuracy threshold must be in [0, 1] (got {Threshold}).");
        }
    }
}

/// <summary>One feature: counts and frequencies among performant cells and among all cells, with its test.</summary>
public readonly record struct FeatureFrequency(string Feature, int PerformantCount, double PerformantFrequency, int AllCount, double AllFrequency,
    double ChiSquare, double P, double Q);

/// <summary>Cells above the threshold.</summary>
/// <summary>Cells considered.</summary>
/// <summary>Per feature: its frequency in top and in all cells, and the test's p-value.</summary>
/// <summary>
/// The performant-cells study: how often each feature appears in cells above the threshold against all cells.
/// </summary>
/// <summary>The settings the study ran with.</summary>
/// <summary>The study's counts and per-feature frequencies.</summary>
/// <summary>True when the data was synthetic.</summary>
public sealed record PerformantCellsResult(PerformantCellsOptions Options, bool IsSynthetic, int Performant, int All, IReadOnlyList<FeatureFrequency> Features);

/// <summary>Which features are over- or under-represented among the cells above an accuracy threshold.</summary>
/// <remarks>
/// <code>
/// for every held cell: features = CellFeatures.Of(canonical form); performant = mean accuracy &gt; threshold
/// per feature: frequency among performant cells and among all cells;
///     test: Pearson chi-square (1 dof, no continuity correction) of the 2×2 table performant/other × has/lacks,
///     i.e. the two-proportion z-test squared; Q = Benjamini–Hochberg adjusted p over all features
/// </code>
/// The test compares performant cells with the others (not with all cells, which contain them).
/// </remarks>
public static class PerformantCellsStudy
{
    /// <summary>
    /// Counts each feature in performant cells against all cells and tests the difference (chi-square, Benjamini–Hochberg).
    /// </summary>
    public static PerformantCellsResult Run(BenchmarkTables tables, PerformantCellsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var high = new int[CellFeatures.Count];
        var all = new int[CellFeatures.Count];
        int highCells = 0, seen = 0;
        foreach (int cell in tables.Held)
        {
            if ((++seen & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ulong mask = CellFeatures.Of(tables.Space.Cell(cell));
            double accuracy = options.UseTestAccuracy ? tables.MeanTest(cell) : tables.MeanValidation(cell);
            bool performant = accuracy > options.Threshold;
            highCells += performant ? 1 : 0;
            for (int f = 0; f < CellFeatures.Count; f++)
            {
                if ((mask >> f & 1) != 0)
                {
                    all[f]++;
                    high[f] += performant ? 1 : 0;
                }
            }
        }

        int allCells = tables.Held.Count;
        var p = new double[CellFeatures.Count];
        var chi = new double[CellFeatures.Count];
        for (int f = 0; f < CellFeatures.Count; f++)
        {
            (chi[f], p[f]) = ChiSquareTest(high[f], highCells - high[f], all[f] - high[f], allCells - highCells - (all[f] - high[f]));
        }

        var q = BenjaminiHochberg(p);
        var rows = new FeatureFrequency[CellFeatures.Count];
        for (int f = 0; f < rows.Length; f++)
        {
            rows[f] = new FeatureFrequency(CellFeatures.Names[f], high[f], highCells > 0 ? (double)high[f] / highCells : double.NaN,
                all[f], (double)all[f] / allCells, chi[f], p[f], q[f]);
        }

        return new PerformantCellsResult(options, tables.IsSynthetic, highCells, allCells, rows);
    }

    /// <summary>Pearson chi-square of the 2×2 table [[a, b], [c, d]] (rows: group; columns: has / lacks).</summary>
    public static (double ChiSquare, double P) ChiSquareTest(double a, double b, double c, double d)
    {
        double n = a + b + c + d;
        double denominator = (a + b) * (c + d) * (a + c) * (b + d);
        if (denominator == 0)
        {
            return (double.NaN, double.NaN);
        }

        double diff = (a * d) - (b * c);
        double chi = n * diff / denominator * diff;
        return (chi, SpecialFunctions.GammaUpperRegularized(0.5, chi / 2));
    }

    /// <summary>Benjamini–Hochberg adjusted p-values (NaN stays NaN and does not count).</summary>
    public static double[] BenjaminiHochberg(double[] p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var order = Enumerable.Range(0, p.Length).Where(i => !double.IsNaN(p[i])).OrderBy(i => p[i]).ToArray();
        var q = new double[p.Length];
        Array.Fill(q, double.NaN);
        double running = 1;
        for (int k = order.Length - 1; k >= 0; k--)
        {
            running = Math.Min(running, p[order[k]] * order.Length / (k + 1));
            q[order[k]] = running;
        }

        return q;
    }
}
