using System.Globalization;
using NasBench.Core.Statistics;

namespace NasBench.Core.Tests.Statistics;

public sealed class CorrelationTests
{
    private static (double[] X, double[] Y) Columns(string x, string y, int rows = int.MaxValue)
    {
        var lines = File.ReadLines(SharedData.RealData("seed_paper_accuracies.csv")).ToList();
        var header = CsvLine.Split(lines[0]);
        int ix = Array.IndexOf(header, x), iy = Array.IndexOf(header, y);
        var data = lines.Skip(1).Where(l => l.Length > 0).Take(rows).Select(CsvLine.Split).ToList();
        return ([.. data.Select(f => double.Parse(f[ix], CultureInfo.InvariantCulture))],
            [.. data.Select(f => double.Parse(f[iy], CultureInfo.InvariantCulture))]);
    }

    [Theory]
    [InlineData("cifar_acc_12", 0.2083)]
    [InlineData("cifar_acc_36", 0.7898)]
    [InlineData("cifar_acc_108", 0.9349)]
    public void Table1_FashionMnist(string cifar, double r)
    {
        var (x, y) = Columns(cifar, "mnist_test_acc");
        var result = Correlation.Compute(x, y, bootstrapSamples: 200, seed: 1);
        Assert.Equal(143, result.N);
        Assert.Equal(r, Math.Round(result.Pearson.R, 4));
        Assert.InRange(result.Pearson.R, result.Pearson.CiLow, result.Pearson.CiHigh);
    }

    [Theory]
    [InlineData("cifar_acc_12", 0.3732, 0.096)]
    [InlineData("cifar_acc_36", 0.7794, double.NaN)]
    [InlineData("cifar_acc_108", 0.7847, double.NaN)]
    public void Table1_Imagenette_First21Rows(string cifar, double r, double p)
    {
        var (x, y) = Columns(cifar, "imagenette_test_acc_36", rows: 21);
        var result = Correlation.Compute(x, y, bootstrapSamples: 0);
        Assert.Equal(21, result.N);
        Assert.Equal(r, Math.Round(result.Pearson.R, 4));
        if (double.IsNaN(p))
        {
            Assert.True(result.Pearson.P < 0.05);
        }
        else
        {
            Assert.Equal(p, Math.Round(result.Pearson.P, 3));
        }
    }

    [Theory]
    [InlineData(0.3732, 21)]
    [InlineData(0.2083, 143)]
    [InlineData(-0.5, 10)]
    public void PValue_MatchesNumericIntegrationOfTheTDensity(double r, int n)
    {
        // Independent: integrate Student's t density (n − 2 dof) from |t| to a far tail with Simpson's rule.
        int dof = n - 2;
        double t = Math.Abs(r) * Math.Sqrt(dof / (1 - (r * r)));
        double c = Math.Exp(LogGamma((dof + 1) / 2.0) - LogGamma(dof / 2.0)) / Math.Sqrt(dof * Math.PI);
        double Density(double u) => c * Math.Pow(1 + (u * u / dof), -(dof + 1) / 2.0);
        double upper = t + 200, h = (upper - t) / 200_000, sum = Density(t) + Density(upper);
        for (int i = 1; i < 200_000; i++)
        {
            sum += Density(t + (i * h)) * (i % 2 == 1 ? 4 : 2);
        }

        Assert.Equal(2 * sum * h / 3, Correlation.TTestP(r, n), 6);
    }

    [Fact]
    public void Kendall_MatchesTheQuadraticDefinitionWithTies()
    {
        var random = new Random(3);
        double[] x = [.. Enumerable.Range(0, 60).Select(_ => (double)random.Next(8))];
        double[] y = [.. x.Select(v => v + random.Next(5))];
        double concordant = 0, discordant = 0, tiesX = 0, tiesY = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i + 1; j < x.Length; j++)
            {
                double s = Math.Sign(x[i] - x[j]) * Math.Sign(y[i] - y[j]);
                concordant += s > 0 ? 1 : 0;
                discordant += s < 0 ? 1 : 0;
                tiesX += x[i] == x[j] && y[i] != y[j] ? 1 : 0;
                tiesY += y[i] == y[j] && x[i] != x[j] ? 1 : 0;
            }
        }

        double expected = (concordant - discordant) / Math.Sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        var (tau, p) = Correlation.KendallTauB(x, y);
        Assert.Equal(expected, tau, 12);
        Assert.InRange(p, 0, 1e-6);
    }

    [Fact]
    public void Compute_IsSeededAndRejectsBadInput()
    {
        var (x, y) = Columns("cifar_acc_36", "mnist_test_acc");
        Assert.Equal(Correlation.Compute(x, y, 100, 5), Correlation.Compute(x, y, 100, 5));
        Assert.Throws<ArgumentException>(() => Correlation.Compute([1, 2, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => Correlation.Compute([1, 2], [1, 2]));
    }

    private static double LogGamma(double z)
    {
        // Lanczos approximation (g = 7), independent of MathNet.
        double[] g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        z -= 1;
        double a = g[0];
        double t = z + 7.5;
        for (int i = 1; i < 9; i++)
        {
            a += g[i] / (z + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((z + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }
}
