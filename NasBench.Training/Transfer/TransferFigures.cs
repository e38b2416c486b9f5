using System.Globalization;
using NasBench.Core.Experiments;
using NasBench.Core.Presentation;

namespace NasBench.Training.Transfer;

/// <summary>The seed paper's Table 1 as scatter figures (data; the sink draws them): one per CIFAR-10 budget.</summary>
public static class TransferFigures
{
    /// <summary>x = CIFAR-10 mean test accuracy at the budget, y = the study dataset's; Pearson r and p in the legend and the annotation.</summary>
    /// <param name="dataset">The dataset's name as the paper writes it (FashionMNIST, Imagenette).</param>
    /// <param name="pairs">The joined accuracies.</param>
    /// <param name="rows">The table (its mean-of-3 rows give r and p).</param>
    /// <param name="synthetic">Whether the CIFAR-10 side is a SYNTHETIC benchmark.</param>
    public static IReadOnlyList<Figure> Scatter(string dataset, IReadOnlyList<TransferPairs> pairs, IReadOnlyList<TransferRow> rows, bool synthetic)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(rows);
        string tag = synthetic ? "SYNTHETIC" : "real";
        var figures = new List<Figure>();
        foreach (var p in pairs)
        {
            var c = rows.Single(r => r.Epochs == p.Epochs && r.Repeats == "mean3").Correlation;
            string legend = Inv($"{p.Other.Count} cells: Pearson r = {c.Pearson.R:F2}, p = {c.Pearson.P:G2}");
            var panel = new FigurePanel(
                Inv($"CIFAR-10 at {p.Epochs} epochs vs {dataset}"),
                new FigureAxis(Inv($"CIFAR-10 test accuracy at {p.Epochs} epochs (NAS-Bench-101, mean of 3)")) { Fraction = true },
                new FigureAxis($"{dataset} test accuracy") { Fraction = true },
                [new FigureSeries(legend, SeriesKind.Scatter, p.CifarMean, p.Other, 0)],
                Inv($"Pearson r = {c.Pearson.R:F3} (p = {c.Pearson.P:G2}), Spearman ρ = {c.Spearman.R:F3} (p = {c.Spearman.P:G2}), Kendall τ = {c.Kendall.R:F3} (p = {c.Kendall.P:G2})"));
            figures.Add(new Figure(Inv($"scatter_cifar10_{p.Epochs}"), Inv($"{dataset} vs CIFAR-10 at {p.Epochs} epochs ({tag}, n = {p.Other.Count})"), [panel], synthetic)
            {
                Notes = synthetic ? ["The CIFAR-10 accuracies come from a SYNTHETIC benchmark, not NAS-Bench-101 results."] : [],
            });
        }

        return figures;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
