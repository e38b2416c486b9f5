using System.Globalization;
using System.Text;
using NasBench.Core;
using NasBench.Core.Benchmark;
using NasBench.Core.Statistics;
using NasBench.Core.Studies.Transfer;

namespace NasBench.Training.Transfer;

/// <summary>One row of the table: CIFAR-10 test accuracy at a budget (one repeat or the mean of 3) vs the other dataset's.</summary>
public sealed record TransferRow(int Epochs, string Repeats, CorrelationResult Correlation);

/// <summary>The paired accuracies of one budget: CIFAR-10 (a random repeat and the mean of 3) and the study's dataset.</summary>
public sealed record TransferPairs(int Epochs, IReadOnlyList<double> CifarSingle, IReadOnlyList<double> CifarMean, IReadOnlyList<double> Other);

/// <summary>Joins a study's trained cells with the benchmark's CIFAR-10 test accuracies and correlates them (Core's correlation).</summary>
public static class TransferTable
{
    /// <summary>The seed paper's budgets; those the data does not hold are left out.</summary>
    public static IReadOnlyList<int> Budgets { get; } = [12, 36, 108];

    /// <summary>"Single repeat as the paper": one repeat per cell drawn from Random(seed + epochs); and the mean of the 3.</summary>
    /// <param name="data">The benchmark holding the cells' CIFAR-10 results.</param>
    /// <param name="cells">Per trained cell, in sample order: its index in the data's space and its test accuracy on the study's dataset.</param>
    /// <param name="seed">Seed of the repeat drawn per cell.</param>
    public static IReadOnlyList<TransferPairs> Join(IBenchmarkData data, IReadOnlyList<(int CellIndex, double TestAccuracy)> cells, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cells);
        var pairs = new List<TransferPairs>();
        foreach (int epochs in Budgets.Where(e => data.Epochs.Contains(e)))
        {
            var random = SeedStreams.Create(seed, epochs, StreamPurpose.QueryRepeat);
            var single = new List<double>();
            var mean = new List<double>();
            foreach (var (cell, _) in cells)
            {
                var repeats = Enumerable.Range(0, IBenchmarkData.Repeats).Select(r => (double)data.Metrics(cell, epochs, r).Final.TestAccuracy).ToArray();
                single.Add(repeats[random.Next(repeats.Length)]);
                mean.Add(repeats.Average());
            }

            pairs.Add(new TransferPairs(epochs, single, mean, [.. cells.Select(c => c.TestAccuracy)]));
        }

        return pairs;
    }

    /// <summary>
    /// Correlates the other dataset's accuracies with CIFAR-10's (single repeat and mean of three) at every epoch budget.
    /// </summary>
    public static IReadOnlyList<TransferRow> Compute(IReadOnlyList<TransferPairs> pairs, int seed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return [.. pairs.SelectMany(p => new[]
        {
            new TransferRow(p.Epochs, "single", Correlation.Compute(p.CifarSingle, p.Other, seed: seed)),
            new TransferRow(p.Epochs, "mean3", Correlation.Compute(p.CifarMean, p.Other, seed: seed)),
        })];
    }

    /// <summary>
    /// The transfer statistics per budget (CIFAR-10 mean of 3 vs the study's dataset): correlations, top-k overlap,
    /// transfer regret and the sample-size planner (Core's <see cref="TransferStatistics"/>), for transfer.txt and transfer.csv.
    /// </summary>
    public static IReadOnlyList<TransferReportRow> Statistics(IReadOnlyList<TransferPairs> pairs, int seed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return [.. pairs.Select(p => new TransferReportRow(string.Create(CultureInfo.InvariantCulture, $"CIFAR-10 at {p.Epochs} epochs (mean of 3)"),
            TransferStatistics.Compute(p.CifarMean, p.Other, seed: seed)))];
    }

    /// <summary>The columns of the transfer table's CSV.</summary>
    public static IReadOnlyList<string> CsvHeader { get; } =
    [
        "cifar10_epochs", "repeats", "n", "pearson_r", "pearson_p", "pearson_ci_low", "pearson_ci_high", "spearman_r", "spearman_p", "spearman_ci_low",
        "spearman_ci_high", "kendall_r", "kendall_p", "kendall_ci_low", "kendall_ci_high",
    ];

    /// <summary>table.csv, written with Core's CSV writer.</summary>
    public static string ToCsv(IReadOnlyList<TransferRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow([.. CsvHeader]);
        foreach (var row in rows)
        {
            var c = row.Correlation;
            var fields = new List<string> { Inv(row.Epochs), row.Repeats, Inv(c.N) };
            foreach (var k in new[] { c.Pearson, c.Spearman, c.Kendall })
            {
                fields.AddRange([Inv(k.R), Inv(k.P), Inv(k.CiLow), Inv(k.CiHigh)]);
            }

            csv.WriteRow([.. fields]);
        }

        return text.ToString();
    }

    /// <summary>The table as text, one line per row: r (p) [CI] for each coefficient.</summary>
    public static string Format(string dataset, IReadOnlyList<TransferRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"CIFAR-10 test accuracy vs {dataset} test accuracy\n");
        sb.Append("epochs  repeats   n   Pearson r (p) [95% CI]          Spearman rho (p) [95% CI]       Kendall tau (p) [95% CI]\n");
        foreach (var row in rows)
        {
            var c = row.Correlation;
            sb.Append(CultureInfo.InvariantCulture, $"{row.Epochs,6}  {row.Repeats,-7} {c.N,3}");
            foreach (var k in new[] { c.Pearson, c.Spearman, c.Kendall })
            {
                sb.Append(CultureInfo.InvariantCulture, $"   {k.R,6:F3} ({k.P:G2}) [{k.CiLow:F2}, {k.CiHigh:F2}]");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Inv(IFormattable value) => value.ToString(value is double ? "R" : null, CultureInfo.InvariantCulture);
}
