using NasBench.Core.Search;

namespace NasBench.Core.Tests.Search.Baselines;

/// <summary>TPE's fast best candidate (inlined draws, cumulative bounds, ratios instead of logs where decisive, the draws
/// after the top category only made) against hyperopt's plain loop: the same choices and the same draws consumed.</summary>
public sealed class TpeSpeedTests
{
    /// <summary>hyperopt's rule as written: 24 draws from l, each by walking the cumulative sum, the first with the highest
    /// log l − log g.</summary>
    private static int PlainBestCandidate(Random random, double[] below, double[] above, int candidates)
    {
        int best = -1;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < candidates; i++)
        {
            double u = random.NextDouble(), cumulative = 0;
            int k = below.Length - 1;
            for (int j = 0; j < below.Length - 1; j++)
            {
                cumulative += below[j];
                if (u < cumulative)
                {
                    k = j;
                    break;
                }
            }

            double score = Math.Log(below[k]) - Math.Log(above[k]);
            if (best < 0 || score > bestScore)
            {
                (best, bestScore) = (k, score);
            }
        }

        return best;
    }

    /// <summary>Random densities of 2 or 3 categories: ordinary ones, exact ties (l = g), ratios 1 ulp and 10⁻¹⁰ apart
    /// (inside the margin, so the logs decide), and one category almost never drawn.</summary>
    public static IEnumerable<(double[] Below, double[] Above)> Cases(int seed, int count)
    {
        var random = new Random(seed);
        double[] Normalized(double[] x) => [.. x.Select(v => v / x.Sum())];
        for (int c = 0; c < count; c++)
        {
            int k = 2 + random.Next(2);
            var below = Normalized([.. Enumerable.Range(0, k).Select(_ => 0.01 + random.NextDouble())]);
            var above = Normalized([.. Enumerable.Range(0, k).Select(_ => 0.01 + random.NextDouble())]);
            switch (c % 5)
            {
                case 1:
                    above = (double[])below.Clone();
                    break;
                case 2:
                    above = (double[])below.Clone();
                    above[0] = Math.BitIncrement(above[0]);
                    break;
                case 3:
                    above = [.. below.Select((v, j) => j == 1 ? v * (1 + 1e-10) : v)];
                    break;
                case 4:
                    below = Normalized([1e-9, .. below.Skip(1)]);
                    break;
            }

            yield return (below, above);
        }
    }

    [Fact]
    public void BestCandidate_EqualsHyperoptsPlainLoop_ChoiceAndDrawsConsumed()
    {
        int seed = 0;
        foreach (var (below, above) in Cases(11, 4000))
        {
            // The tests' Random (through its virtual methods) and a run's xoshiro256** (its state inlined).
            (Random Fast, Random Plain)[] streams =
            [
                (new Random(seed), new Random(seed)),
                (SeedStreams.Create(3, seed, StreamPurpose.Search), SeedStreams.Create(3, seed, StreamPurpose.Search)),
            ];
            foreach (var (fast, plain) in streams)
            {
                int candidates = new[] { 24, 1, 40 }[seed % 3];   // hyperopt's 24, and the option's other values
                Assert.Equal(PlainBestCandidate(plain, below, above, candidates), TpeSearch.BestCandidate(fast, below, above, candidates));
                Assert.Equal(plain.NextDouble(), fast.NextDouble());
            }

            seed++;
        }
    }

    [Fact]
    public void Scores_OrderEveryPairAsTheLogScores_TiesIncluded()
    {
        int decided = 0, cases = 0;
        foreach (var (below, above) in Cases(12, 4000))
        {
            // Both as the suggestion passes g (counts, normalized by the fallback) and as the tests' API does (normalized).
            double scale = 1 + (cases % 7 * 13.5);
            foreach (bool normalize in new[] { true, false })
            {
                var g = normalize ? above.Select(v => v * scale).ToArray() : (double[])above.Clone();
                double total = 0;
                foreach (double v in g)
                {
                    total += v;
                }

                double[] logs = [.. below.Select((l, k) => Math.Log(l) - Math.Log(normalize ? g[k] / total : g[k]))];
                var scores = new double[below.Length];
                TpeSearch.Scores(below, g, normalize, scores);
                for (int j = 0; j < below.Length; j++)
                {
                    for (int k = 0; k < below.Length; k++)
                    {
                        Assert.Equal(logs[j].CompareTo(logs[k]), scores[j].CompareTo(scores[k]));
                    }
                }

                decided += scores.SequenceEqual(logs) ? 0 : 1;
            }

            cases++;
        }

        // The ordinary cases (2 of every 5) are decided by the ratios, the ties and near ties by the logs.
        Assert.Equal(2 * cases * 2 / 5, decided);
    }

    /// <summary>The above set's forgotten counts as the long prefix arrays gave them (each segment's terms added in segment
    /// order, in long arithmetic until the multiply), counted here straight from the trials.</summary>
    private static double[] PlainAboveCounts(List<int[]> configurations, int[] below, int cap)
    {
        int n = configurations.Count, m = n - below.Length, ramp = m - cap;
        double a = m == 0 ? 0 : 1.0 / m, b = ramp > 1 ? (1 - a) / (ramp - 1) : 0;
        var p = new double[TpeTrials.Slots];
        Array.Fill(p, 1.0);
        int start = 0;
        for (int i = 0; i <= below.Length; i++)
        {
            int end = i < below.Length ? below[i] : n;
            int cut = m < cap ? start : Math.Clamp(ramp + i, start, end);
            var rampCount = new long[TpeTrials.Slots];
            var rampSum = new long[TpeTrials.Slots];
            var flatCount = new long[TpeTrials.Slots];
            for (int t = start; t < end; t++)
            {
                for (int d = 0; d < CellConfigurations.Count; d++)
                {
                    int slot = (d * TpeTrials.Categories) + configurations[t][d];
                    if (t < cut)
                    {
                        rampCount[slot]++;
                        rampSum[slot] += t;
                    }
                    else
                    {
                        flatCount[slot]++;
                    }
                }
            }

            for (int slot = 0; slot < TpeTrials.Slots; slot++)
            {
                p[slot] += (a * rampCount[slot]) + (b * (rampSum[slot] - ((long)i * rampCount[slot]))) + flatCount[slot];
            }

            start = end + 1;
        }

        return p;
    }

    [Fact]
    public void AboveCounts_KeptRowsAndRing_EqualThePlainSegmentSums_BitForBit()
    {
        // 700 trials: the ring of a keep-25 history wraps many times and kept trials are evicted; losses with many ties.
        var random = new Random(5);
        var full = new TpeTrials();
        var capped = new TpeTrials(25);
        var configurations = new List<int[]>();
        for (int t = 0; t < 700; t++)
        {
            var c = new int[CellConfigurations.Count];
            CellConfigurations.SampleUniform(random, c);
            double loss = random.Next(40) / 40.0;
            full.Add(c, loss);
            capped.Add(c, loss);
            configurations.Add(c);
            int nBelow = Math.Min((int)Math.Ceiling(0.25 * Math.Sqrt(t + 1)), 25);
            var below = capped.Below(nBelow);
            Assert.Equal(below, full.Below(nBelow));
            if (t % 7 != 0 && t < 650)
            {
                continue;
            }

            var expected = PlainAboveCounts(configurations, below, 25);
            foreach (var trials in new[] { full, capped })
            {
                var p = new double[TpeTrials.Stride];
                Array.Fill(p, 1.0, 0, TpeTrials.Slots);
                trials.AddAboveCounts(below, 25, p);
                Assert.Equal(expected, p[..TpeTrials.Slots]);
                Assert.All(p[TpeTrials.Slots..], x => Assert.Equal(0, x));
            }
        }
    }
}
