using System.Globalization;
using NasBench.Core.Presentation;
using NasBench.Core.SearchSpace;
using NasBench.Core.Statistics;
using NasBench.Core.Studies.Distance;
using NasBench.Core.Studies.PerformantCells;

namespace NasBench.Core.Experiments.Runners;

/// <summary>The series of the study figures.</summary>
public static class StudyFigures
{
    /// <summary>Features shown in the performant-cells figure: the most significant ones.</summary>
    public const int TopFeatures = 15;

    /// <summary>One panel per distance: every pair (faint), the mean |Δ| per distance value, r and ρ in the panel.</summary>
    public static Figure Distance(DistanceStudyResult result, string tag)
    {
        ArgumentNullException.ThrowIfNull(result);
        var panels = new List<FigurePanel>();
        double top = result.AbsoluteDeltas.Count > 0 ? result.AbsoluteDeltas.Max() * 1.05 : 1;
        for (int d = 0; d < result.Distances.Count; d++)
        {
            var distance = result.Distances[d];
            var c = distance.Correlation;
            var pairs = new FigureSeries($"pairs (n = {result.AbsoluteDeltas.Count})", SeriesKind.Scatter, [.. distance.Values.Select(v => (double)v)], result.AbsoluteDeltas, d) { Opacity = 0.2 };
            var mean = new FigureSeries("mean |Δ| per distance", SeriesKind.Line, [.. distance.Bins.Select(b => (double)b.Distance)], [.. distance.Bins.Select(b => b.MeanAbsoluteDelta)], 6) { Width = 2.5 };
            string annotation = Inv($"Pearson r = {c.Pearson.R:F3} ({P(c.Pearson.P)})\nSpearman ρ = {c.Spearman.R:F3} ({P(c.Spearman.P)})");
            panels.Add(new FigurePanel($"{distance.Distance} distance", new FigureAxis($"{distance.Distance} distance between the two cells", Min: -0.5) { WholeNumbers = true },
                new FigureAxis("|Δ mean validation accuracy|", Min: 0, Max: top) { Fraction = true }, [pairs, mean], annotation));
        }

        return new Figure("distance_vs_accuracy", Inv($"Distance vs accuracy, {result.AbsoluteDeltas.Count:N0} pairs, sampler {CellDistributions.Name(result.Sampler)} ({tag})"), panels, result.IsSynthetic);
    }

    /// <summary>The most significant features (by BH-adjusted p): frequency among performant cells and among the others' pool.</summary>
    public static Figure Cells(PerformantCellsResult result, string measure, string tag)
    {
        ArgumentNullException.ThrowIfNull(result);
        var top = StudyTables.Testable(result).OrderBy(f => f.Q).ThenByDescending(f => f.ChiSquare).Take(TopFeatures).ToArray();
        string[] labels = [.. top.Select(f => f.Feature + (f.Q < 0.001 ? " ***" : f.Q < 0.01 ? " **" : f.Q < 0.05 ? " *" : string.Empty))];
        double[] at = [.. top.Select((_, i) => (double)i)];
        var performant = new FigureSeries(Inv($"performant ({result.Performant:N0} cells, mean {measure} accuracy > {result.Options.Threshold})"), SeriesKind.Bar,
            [.. at.Select(x => x - 0.2)], [.. top.Select(f => f.PerformantFrequency)], 1) { Width = 0.4 };
        var all = new FigureSeries(Inv($"all ({result.All:N0} cells)"), SeriesKind.Bar, [.. at.Select(x => x + 0.2)], [.. top.Select(f => f.AllFrequency)], 0) { Width = 0.4 };
        var panel = new FigurePanel(string.Empty, new FigureAxis("feature (BH-adjusted q: * < 0.05, ** < 0.01, *** < 0.001)", Min: -0.7, Max: top.Length + 0.7) { Categories = labels },
            new FigureAxis("fraction of cells with the feature", Min: 0, Max: 1) { Fraction = true }, [performant, all]);
        return new Figure("performant_cells", $"Performant vs all cells: the {top.Length} most significant features ({tag})", [panel], result.IsSynthetic)
        {
            Notes = ["Chi-square test per feature (performant vs the other cells), p-values adjusted with Benjamini–Hochberg over all testable features."],
        };
    }

    /// <summary>The scatter of two columns with the least-squares line and the three coefficients.</summary>
    public static Figure Scatter(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string xName, string yName, CorrelationResult r)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(r);
        var series = new List<FigureSeries> { new($"n = {r.N}", SeriesKind.Scatter, xs, ys, 0) };
        if (double.IsFinite(r.Pearson.R))
        {
            var (intercept, slope) = MathNet.Numerics.Fit.Line([.. xs], [.. ys]);
            double lo = xs.Min(), hi = xs.Max();
            series.Add(new FigureSeries("least-squares line", SeriesKind.Line, [lo, hi], [intercept + (slope * lo), intercept + (slope * hi)], 1));
        }

        string annotation = Inv($"Pearson r = {r.Pearson.R:F4} ({P(r.Pearson.P)})\nSpearman ρ = {r.Spearman.R:F4} ({P(r.Spearman.P)})\nKendall τ = {r.Kendall.R:F4} ({P(r.Kendall.P)})");
        var panel = new FigurePanel(string.Empty, new FigureAxis(xName), new FigureAxis(yName), series, annotation);
        return new Figure("correlate", $"{yName} vs {xName}", [panel], IsSynthetic: false);
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The one p-value format (<see cref="PValues"/>): "p = 0.043", "p &lt; 0.001".</summary>
    private static string P(double p) => p < 0.001 ? "p " + PValues.Format(p) : "p = " + PValues.Format(p);
}
