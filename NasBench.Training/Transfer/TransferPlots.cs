using System.Globalization;

namespace NasBench.Training.Transfer;

/// <summary>Scatter plots (PNG, ScottPlot) of CIFAR-10 test accuracy (mean of 3) against the study dataset's, one per budget.</summary>
public static class TransferPlots
{
    public static IReadOnlyList<string> Write(string directory, string dataset, IReadOnlyList<TransferPairs> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var paths = new List<string>();
        foreach (var p in pairs)
        {
            var plot = new ScottPlot.Plot();
            var points = plot.Add.ScatterPoints(p.CifarMean.ToArray(), p.Other.ToArray());
            points.MarkerSize = 7;
            plot.Title($"{p.Epochs}-epoch CIFAR-10 vs {dataset} (n = {p.Other.Count})");
            plot.XLabel("CIFAR-10 test accuracy (NAS-Bench-101, mean of 3)");
            plot.YLabel($"{dataset} test accuracy");
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"scatter_cifar10_{p.Epochs}.png"));
            plot.SavePng(path, 640, 480);
            paths.Add(path);
        }

        return paths;
    }
}
