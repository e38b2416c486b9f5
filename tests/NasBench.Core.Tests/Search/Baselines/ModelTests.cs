using NasBench.Core.Search;

namespace NasBench.Core.Tests.Search.Baselines;

/// <summary>The models of REINFORCE, TPE and BOHB against hand-computed cases.</summary>
public sealed class ModelTests
{
    [Fact]
    public void Reinforce_TwoUpdates_EqualTheHandTrace()
    {
        var search = new ReinforceSearch(new ReinforceSearchOptions());
        int[] sample = [.. Enumerable.Repeat(1, 21), 2, 0, 0, 0, 0];
        // Step 1, reward 0.8: num = 0.1·0.8 = 0.08, den = 0.1, baseline = 0.8, advantage 0: nothing moves.
        search.Update(sample, 0.8);
        Assert.Equal(0.8, search.Baseline, 12);
        Assert.All(search.Logits.SelectMany(l => l), x => Assert.Equal(0, x));
        // Step 2, reward 0.9: num = 0.9·0.08 + 0.1·0.9 = 0.162, den = 0.19, baseline = 0.852631…, advantage = 0.047368….
        search.Update(sample, 0.9);
        double advantage = 0.9 - (0.162 / 0.19);
        Assert.Equal(0.162 / 0.19, search.Baseline, 12);
        // Edge chose 1 of 2 at p = ½: θ = (−0.1·a·½, +0.1·a·½); op chose 2 of 3 at p = ⅓: θ_2 = 0.1·a·⅔, the others −0.1·a·⅓.
        Assert.Equal(-0.1 * advantage * 0.5, search.Logits[0][0], 12);
        Assert.Equal(0.1 * advantage * 0.5, search.Logits[0][1], 12);
        Assert.Equal(0.1 * advantage * 2 / 3, search.Logits[21][2], 12);
        Assert.Equal(-0.1 * advantage / 3, search.Logits[21][0], 12);
        Assert.Equal(-0.1 * advantage / 3, search.Logits[22][2], 12);
        Assert.Equal(0.1 * advantage * 2 / 3, search.Logits[22][0], 12);
    }

    [Fact]
    public void Tpe_Split_IsCeilGammaSqrtN_LowestLosses()
    {
        // n = 16: ceil(0.25·4) = 1 below; n = 17: ceil(0.25·4.12) = 2 below.
        double[] losses = [.. Enumerable.Range(0, 17).Select(i => 0.5 + (i * 0.01))];
        losses[9] = 0.1;
        losses[3] = 0.2;
        var (below, above) = TpeSearch.Split(losses, 0.25, 25);
        Assert.Equal([3, 9], below);
        Assert.Equal(15, above.Length);
        Assert.Equal([9], TpeSearch.Split(losses[..16], 0.25, 25).Below);
    }

    [Fact]
    public void Tpe_Posterior_PriorWeightAndLinearForgetting()
    {
        // Below [1, 1] on a binary variable: (0 + 1, 2 + 1) / 4.
        Assert.Equal([0.25, 0.75], TpeSearch.Posterior([1, 1], 2, 1, 25));
        // 27 observations, LF 25: the oldest two weigh linspace(1/27, 1, 2) = (1/27, 1); the first is 1, the rest 0.
        int[] obs = [1, .. Enumerable.Repeat(0, 26)];
        var p = TpeSearch.Posterior(obs, 2, 1, 25);
        double one = 1 + (1.0 / 27), zero = 1 + 26;
        Assert.Equal(zero / (zero + one), p[0], 12);
        Assert.Equal(one / (zero + one), p[1], 12);
    }

    [Fact]
    public void Tpe_BestCandidate_IsTheCategoryWithTheHighestRatio()
    {
        // Below (1, 3)/4, above (16, 1)/17: log(0.75) − log(1/17) beats log(0.25) − log(16/17); 24 draws from below
        // contain a 1 unless all 24 are 0 (probability 0.25^24).
        Assert.Equal(1, TpeSearch.BestCandidate(new Random(3), [0.25, 0.75], [16.0 / 17, 1.0 / 17], 24));
        // Three categories: the ratio picks 2 though 0 is the likeliest below.
        Assert.Equal(2, TpeSearch.BestCandidate(new Random(3), [0.5, 0.2, 0.3], [0.6, 0.3, 0.1], 24));
    }

    [Fact]
    public void Tpe_AboveCountsFromPrefixSums_EqualThePosteriorOverTheAboveTrials()
    {
        var random = new Random(9);
        var trials = new TpeTrials();
        var capped = new TpeTrials(25);    // as TpeSearch keeps them: only the 25 lowest in loss order
        var configurations = new List<int[]>();
        var losses = new List<double>();
        for (int t = 0; t < 90; t++)
        {
            var c = new int[CellConfigurations.Count];
            CellConfigurations.SampleUniform(random, c);
            double loss = random.Next(10) / 10.0;
            trials.Add(c, loss);
            capped.Add(c, loss);
            configurations.Add(c);
            losses.Add(loss);
            int nBelow = Math.Min((int)Math.Ceiling(0.25 * Math.Sqrt(losses.Count)), 25);
            var (below, above) = TpeSearch.Split(losses, 0.25, 25);
            Assert.Equal(below, trials.Below(nBelow));
            Assert.Equal(below, capped.Below(nBelow));
            Assert.Equal(trials.Below(Math.Min(25, t + 1)), capped.Below(Math.Min(25, t + 1)));
            var all = new double[TpeTrials.Slots];
            Array.Fill(all, 1.0);
            trials.AddAboveCounts(below, 25, all);
            for (int d = 0; d < c.Length; d += 5)
            {
                int k = CellConfigurations.Cardinalities[d];
                var expected = TpeSearch.Posterior([.. above.Select(a => configurations[a][d])], k, 1, 25);
                var p = all.AsSpan(d * TpeTrials.Categories, k).ToArray();
                double total = p.Sum();
                Assert.Equal(expected, p.Select(x => x / total), new Tolerance(1e-12));
            }
        }
    }

    [Fact]
    public void BohbKde_Density_EqualsTheHandComputedAitchisonAitken()
    {
        // Rows (0,1), (0,0), (1,1): each column has mean 1/3 (or 2/3), population std √(2/9);
        // bw = 1.06 · √(2/9) · 3^(−1/6) ≈ 0.4161 (above the 0.3 floor). Both columns have 2 levels.
        var kde = CategoricalKde.Fit([[0, 1], [0, 0], [1, 1]], 0.3);
        double h = 1.06 * Math.Sqrt(2.0 / 9) * Math.Pow(3, -1.0 / 6);
        Assert.Equal(h, kde.Bandwidth[0], 12);
        Assert.Equal(h, kde.Bandwidth[1], 12);
        // x = (0,1): row 1 matches both, row 2 matches one, row 3 matches one.
        double expected = (((1 - h) * (1 - h)) + ((1 - h) * h) + (h * (1 - h))) / 3;
        Assert.Equal(expected, kde.Density([0, 1]), 12);
        // x = (1,0): matches none of row 1, one of rows 2 and 3.
        Assert.Equal(((h * h) + ((1 - h) * h) + (h * (1 - h))) / 3, kde.Density([1, 0]), 12);
    }

    [Fact]
    public void BohbKde_SmallBandwidth_ClippedToTheMinimum_OneLevelColumnIsInfiniteElsewhere()
    {
        // Four identical rows: std 0 → bw 0 → the 0.3 floor; the column has one level, so another value is bw/0 = ∞ (statsmodels').
        var kde = CategoricalKde.Fit([[1, 2], [1, 2], [1, 2], [1, 2]], 0.3);
        Assert.Equal([0.3, 0.3], kde.Bandwidth);
        Assert.Equal(0.7 * 0.7, kde.Density([1, 2]), 12);
        Assert.True(double.IsPositiveInfinity(kde.Density([0, 2])));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
