using System.Globalization;
using MathNet.Numerics.Distributions;
using NasBench.Core.Studies.Transfer;
using MathNetCorrelation = MathNet.Numerics.Statistics.Correlation;

namespace NasBench.Core.Tests.Studies.Transfer;

public class TransferStatisticsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.6)]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void Planner_IntervalCoversKnownRho_93To97PercentOf2000Draws(double rho)
    {
        // Bivariate normal data whose population Spearman rho is known: rho_s = (6/pi)·asin(r/2) for Pearson r.
        int n = TransferStatistics.Plan(rho, 0).CellsNeeded;
        double r = 2 * Math.Sin(Math.PI * rho / 6);
        var random = new Random(12345);
        var normal = new Normal(0, 1, random);
        int covered = 0;
        const int Draws = 2000;
        double[] x = new double[n], y = new double[n];
        for (int d = 0; d < Draws; d++)
        {
            for (int i = 0; i < n; i++)
            {
                double a = normal.Sample(), b = normal.Sample();
                x[i] = a;
                y[i] = (r * a) + (Math.Sqrt(1 - (r * r)) * b);
            }

            var (low, high) = TransferStatistics.Interval(MathNetCorrelation.Spearman(x, y), n);
            covered += low <= rho && rho <= high ? 1 : 0;
        }

        double coverage = (double)covered / Draws;
        output.WriteLine($"rho {rho}: {n} cells, the planner's interval covered it in {coverage:P1} of {Draws} draws");
        Assert.InRange(coverage, 0.93, 0.97);
        var (lo, hi) = TransferStatistics.Interval(rho, n);
        Assert.InRange((hi - lo) / 2, 0.09, 0.1);
    }

    [Fact]
    public void Plan_MoreCellsForWeakerRho_AndSaysWhenReached()
    {
        var weak = TransferStatistics.Plan(0.2, 50);
        var strong = TransferStatistics.Plan(0.9, 50);
        Assert.True(weak.CellsNeeded > strong.CellsNeeded);
        Assert.False(weak.Enough);
        Assert.True(strong.Enough == (strong.CellsNeeded <= 50));
        Assert.True(TransferStatistics.Plan(0.5, 100_000).Enough);
    }

    [Fact]
    public void Overlap_AndRegret_HandExamples()
    {
        double[] cifar = [0.90, 0.80, 0.70, 0.60, 0.50];
        double[] other = [0.70, 0.55, 0.60, 0.95, 0.40];
        Assert.Equal(1.0, TransferStatistics.Overlap(cifar, cifar, 2));
        Assert.Equal(0.5, TransferStatistics.Overlap(cifar, other, 2)); // top 2: {0, 1} by CIFAR-10, {3, 0} by the other
        var (regret, rank) = TransferStatistics.Regret(cifar, other);
        Assert.Equal(0.25, regret, 12);
        Assert.Equal(2, rank);
        Assert.Equal(5, TransferStatistics.K(0.05, 97));
        Assert.Equal(1, TransferStatistics.K(0.05, 5));
    }

    [Fact]
    public void Compute_SeedPaperFashionMnist_ReportsEveryStatistic()
    {
        var rows = SharedData.ReadCsv("seed_paper_accuracies.csv").Select(f => (Cifar: double.Parse(f[5], CultureInfo.InvariantCulture), Fashion: double.Parse(f[1], CultureInfo.InvariantCulture))).ToList();
        var s = TransferStatistics.Compute([.. rows.Select(r => r.Cifar)], [.. rows.Select(r => r.Fashion)], bootstrap: 200, seed: 1);
        Assert.Equal(143, s.N);
        Assert.Equal(3, s.Overlaps.Count);
        Assert.All(s.Overlaps, o => Assert.InRange(o.Overlap, o.CiLow - 1e-12, o.CiHigh + 1e-12));
        Assert.InRange(s.Regret.Regret, 0, 1);
        Assert.True(s.Plan.CellsNeeded > 0);
        string text = TransferReport.Format("CIFAR-10", "FashionMNIST", [new("108 epochs", s)]);
        Assert.Contains("top 10% overlap", text, StringComparison.Ordinal);
        Assert.DoesNotContain("*", text, StringComparison.Ordinal);
        Assert.Equal(TransferReport.CsvHeader.Count, TransferReport.ToCsv([new("108", s)]).Split('\n')[1].Split(',').Length);
    }
}
