using NasBench.Core.Studies.Advisor;

namespace NasBench.Core.Tests.Studies.Advisor;

public class AdvisorFitTests
{
    [Fact]
    public void UnitRanks_AverageTiesAndNaN()
    {
        var u = AdvisorFit.UnitRanks([3, 1, 3, double.NaN, 2]);
        Assert.Equal([5 / 6.0, 0, 5 / 6.0, double.NaN, 1 / 3.0], u);
    }

    [Fact]
    public void Fit_APredictorThatOrdersTheTrainingsCarriesTheRecommendation()
    {
        // 30 cells; the short trainings follow the proxy exactly and are unrelated to the reference (a fixed shuffle).
        int n = 30;
        var proxy = Enumerable.Range(0, n).Select(i => (double)i).ToList();
        var reference = Enumerable.Range(0, n).Select(i => (double)((i * 7) % n)).ToList();
        var trained = Enumerable.Range(0, 12).Select(k => (Position: k * 2, Accuracy: 0.5 + (k * 2 / 100.0))).ToList();
        var fit = AdvisorFit.Fit([("cifar10", reference), ("synflow", proxy)], trained, count: 3, bootstrap: 200, seed: 1);
        Assert.False(fit.FellBack);
        var synflow = fit.Evidence.Single(e => e.Name == "synflow");
        Assert.Equal(1, synflow.VsShort.Correlation.Spearman.R, 9);
        Assert.Equal(1, synflow.Weight, 9);
        Assert.Equal(0, fit.Evidence.Single(e => e.Name == "cifar10").Weight);
        Assert.Equal([29, 28, 27], fit.Recommended.Select(r => r.Position));
        Assert.Equal(12, synflow.VsShort.N);
    }

    [Fact]
    public void Fit_ANegativePredictorRanksInverted_AndNoEvidenceFallsBackToTheReference()
    {
        int n = 20;
        var down = Enumerable.Range(0, n).Select(i => (double)(n - i)).ToList();
        var reference = Enumerable.Range(0, n).Select(i => (double)((i * 3) % n)).ToList();
        var trained = Enumerable.Range(0, 10).Select(k => (Position: k * 2, Accuracy: k / 10.0)).ToList();
        var fit = AdvisorFit.Fit([("cifar10", reference), ("fisher", down)], trained, count: 2, bootstrap: 200);
        Assert.Equal(-1, fit.Evidence.Single(e => e.Name == "fisher").Weight, 9);
        Assert.Equal([19, 18], fit.Recommended.Select(r => r.Position));

        var few = AdvisorFit.Fit([("cifar10", reference), ("fisher", down)], trained.Take(3).ToList(), count: 2, bootstrap: 200);
        Assert.True(few.FellBack);
        Assert.Equal(Enumerable.Range(0, n).OrderByDescending(i => reference[i]).ThenBy(i => i).Take(2), few.Recommended.Select(r => r.Position));
    }
}
