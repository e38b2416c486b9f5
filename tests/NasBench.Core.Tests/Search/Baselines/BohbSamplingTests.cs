using NasBench.Core;
using NasBench.Core.Search;

namespace NasBench.Core.Tests.Search.Baselines;

/// <summary>
/// BOHB's fast sampling (ranged fits over <see cref="BohbObservations"/>, the argmin found with partial sums) chooses
/// what bohb.py's plain loop chooses: every candidate's g and l summed whole, the first lowest g/l kept.
/// </summary>
public sealed class BohbSamplingTests
{
    [Fact]
    public void Observations_SortedByLossStable_RepeatsShareAnId()
    {
        var results = new BohbObservations();
        results.Add([1, 0], 0.5);
        results.Add([0, 1], 0.2);
        results.Add([1, 0], 0.2);
        results.Add([2, 2], 0.9);
        Assert.Equal(4, results.Count);
        Assert.Equal([0, 1], results.Configuration(results.IdAt(0)));
        Assert.Equal([1, 0], results.Configuration(results.IdAt(1)));    // equal loss: after the earlier result
        Assert.Equal(results.IdAt(1), results.IdAt(2));                  // [1, 0] again: the same id
        Assert.Equal([2, 2], results.Configuration(results.IdAt(3)));
        Assert.Equal([2, 2, 0xFF], results.Packed(results.IdAt(3))[..3].ToArray());
    }

    [Fact]
    public void Fit_OnARange_EqualsAFreshFitOfItsRows_BitForBit()
    {
        var random = new Random(3);
        var results = new BohbObservations();
        var rows = new List<(double Loss, int[] Row)>();
        for (int i = 0; i < 300; i++)
        {
            int[] row = [.. Enumerable.Range(0, CellConfigurations.Count).Select(d => random.Next(i % 3 == 0 ? 1 : CellConfigurations.Cardinalities[d]))];
            double loss = Math.Round(random.NextDouble(), 2);     // ties: the stable order matters
            results.Add(row, loss);
            rows.Add((loss, row));
        }

        var sorted = rows.OrderBy(r => r.Loss).Select(r => r.Row).ToArray();    // OrderBy is stable
        var ranged = CategoricalKde.Fit(results, 45, 200, 0.3);
        var fresh = CategoricalKde.Fit(sorted[45..245], 0.3);
        Assert.Equal(fresh.Bandwidth, ranged.Bandwidth);
        Assert.Equal(200, ranged.Rows);
        for (int r = 0; r < 200; r++)
        {
            Assert.Equal(fresh.Row(r), ranged.Row(r));
        }

        foreach (var x in sorted.Take(50))
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(fresh.Density(x)), BitConverter.DoubleToInt64Bits(ranged.Density(x)));
        }
    }

    [Fact]
    public void Refit_InPlace_AfterMoreResults_EqualsAFreshFit_BitForBit()
    {
        // BohbModel refits its densities in place (buffers reused) and results are put in rank order only when read.
        var random = new Random(5);
        var results = new BohbObservations();
        var rows = new List<(double Loss, int[] Row)>();
        CategoricalKde? reused = null;
        for (int round = 0; round < 6; round++)
        {
            for (int i = 0; i < 40 + (round * 70); i++)
            {
                int[] row = [.. Enumerable.Range(0, CellConfigurations.Count).Select(d => random.Next(i % 4 == 0 ? 1 : CellConfigurations.Cardinalities[d]))];
                double loss = Math.Round(random.NextDouble(), 2);
                results.Add(row, loss);
                rows.Add((loss, row));
            }

            int start = round * 7, count = rows.Count - start - round;
            if (reused is null)
            {
                reused = CategoricalKde.Fit(results, start, count, 0.3);
            }
            else
            {
                reused.Refit(start, count, 0.3);
            }

            var fresh = CategoricalKde.Fit([.. rows.OrderBy(r => r.Loss).Select(r => r.Row).Skip(start).Take(count)], 0.3);
            Assert.Equal(fresh.Bandwidth, reused.Bandwidth);
            Assert.Equal(fresh.KeepProbability, reused.KeepProbability);
            Assert.Equal(fresh.DistinctRows, reused.DistinctRows);
            foreach (var (_, x) in rows.Take(60))
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(fresh.Density(x)), BitConverter.DoubleToInt64Bits(reused.Density(x)));
            }
        }
    }

    [Fact]
    public void Sum4AndSumLanes_EqualOneSumPerCandidate_BitForBit()
    {
        var random = new Random(8);
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            var row = new int[CellConfigurations.Count];
            CellConfigurations.SampleUniform(random, row);
            return row;
        }).ToArray();
        var kde = CategoricalKde.Fit(rows, 0.3);
        var probes = rows.Take(8).Select(r => CategoricalKde.Probe(r)).ToArray();
        double Alone(int k, int from, int to) => kde.Sum(probes[k], from, to, 0);

        for (int count = 1; count <= 4; count++)
        {
            var sums = new double[4];
            kde.Sum4(probes, count, 0, kde.DistinctRows, sums);
            for (int k = 0; k < count; k++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(Alone(k, 0, kde.DistinctRows)), BitConverter.DoubleToInt64Bits(sums[k]));
            }
        }

        // Lanes at different rows, continued block by block: each candidate's sum has the bits of one pass.
        int[] done = [0, 5, 17, 40, 0, 0, 0, 0];
        var partial = new double[8];
        int[] lanes = [3, 0, 2, 1];
        for (int block = 0; block < 10; block++)
        {
            kde.SumLanes(probes, lanes, done, 16, partial);
            foreach (int k in lanes)
            {
                done[k] += 16;
            }
        }

        foreach (int k in lanes)
        {
            int from = k switch { 0 => 0, 1 => 5, 2 => 17, _ => 40 };
            Assert.Equal(BitConverter.DoubleToInt64Bits(Alone(k, from, done[k])), BitConverter.DoubleToInt64Bits(partial[k]));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Sample_ChoosesWhatThePlainLoopChooses(int seed) => AssertSamplesAsThePlainLoop(seed, s => new Random((int)s));

    /// <summary>The same on xoshiro256** (the runs' generator), whose draws BOHB makes from a local copy of its state with
    /// <c>NextDouble() &lt; keep</c> as an integer compare (<see cref="CategoricalKde.KeepThresholds"/>).</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Sample_OnXoshiro_ChoosesWhatThePlainLoopChooses(int seed) =>
        AssertSamplesAsThePlainLoop(seed, s => new Xoshiro256StarStar((ulong)s));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.25)]
    [InlineData(0.5)]
    [InlineData(0.7)]
    [InlineData(1.0 / 3)]
    [InlineData(0.99999999999999989)]    // the largest double below 1
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void KeepThreshold_DecidesAsNextDoubleBelowKeep(double keep)
    {
        // NextDouble() is v · 2⁻⁵³ for v the top 53 bits: every v near the threshold and around keep · 2⁵³, and random ones.
        ulong threshold = CategoricalKde.Threshold(keep);
        var random = new Random(4);
        var values = new List<ulong> { 0, 1, (1UL << 53) - 1 };
        for (long delta = -3; delta <= 3; delta++)
        {
            values.Add((ulong)Math.Clamp((long)threshold + delta, 0, (1L << 53) - 1));
            values.Add((ulong)Math.Clamp((long)(double.IsNaN(keep) ? 0 : Math.Clamp(keep, 0, 1) * (1L << 53)) + delta, 0, (1L << 53) - 1));
        }

        for (int i = 0; i < 10_000; i++)
        {
            values.Add((ulong)random.NextInt64(1L << 53));
        }

        foreach (ulong v in values)
        {
            Assert.Equal(v * (1.0 / (1UL << 53)) < keep, v < threshold);
        }
    }

    private static void AssertSamplesAsThePlainLoop(int seed, Func<long, Random> stream)
    {
        var options = new BohbSearchOptions();
        var setup = new Random(seed);
        int decided = 0, infinite = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            // Columns of four kinds: uniform, one value everywhere, one value among the good results only, one value among
            // the others only; so that candidates with g = ∞ or l = ∞ (bohb.py's special cases) occur beside ordinary ones.
            int[] kind = [.. Enumerable.Range(0, CellConfigurations.Count).Select(_ => setup.Next(40) switch { 0 or 1 => 1, 2 or 3 => 2, 4 => 3, _ => 0 })];
            int n = 60 + setup.Next(400);
            var model = new BohbModel(options);
            var observed = new List<(double Loss, int[] Row)>();
            for (int i = 0; i < n; i++)
            {
                double loss = Math.Round(setup.NextDouble(), 3);
                int[] row = [.. kind.Select((k, d) => k == 1 || (k == 2 && loss < 0.2) || (k == 3 && loss >= 0.2) ? 0 : setup.Next(CellConfigurations.Cardinalities[d]))];
                model.Observe(row, 108, loss);
                observed.Add((loss, row));
            }

            long streamSeed = setup.NextInt64();
            var fast = new int[CellConfigurations.Count];
            var fastRandom = stream(streamSeed);
            model.Sample(fastRandom, fast);
            var plainRandom = stream(streamSeed);
            var (plain, special) = PlainSample(options, observed, plainRandom);
            Assert.Equal(plain, fast);
            Assert.Equal(plainRandom.Next(), fastRandom.Next());    // the same draws consumed
            decided++;
            infinite += special ? 1 : 0;
        }

        Assert.Equal(40, decided);
        Assert.True(infinite > 0, "no candidate with an infinite density was drawn: the special cases went untested");
    }

    /// <summary>bohb.py's sampling as the code before the speed-up had it: every density summed whole, in candidate order.</summary>
    private static (int[] Choice, bool Special) PlainSample(BohbSearchOptions options, List<(double Loss, int[] Row)> observed, Random random)
    {
        var into = new int[CellConfigurations.Count];
        if (random.NextDouble() < options.RandomFraction)
        {
            CellConfigurations.SampleUniform(random, into);
            return (into, false);
        }

        var sorted = observed.OrderBy(o => o.Loss).Select(o => o.Row).ToArray();
        int nGood = Math.Max(27, options.TopNPercent * sorted.Length / 100);
        int nBad = Math.Min(sorted.Length - nGood, Math.Max(27, (100 - options.TopNPercent) * sorted.Length / 100));
        var good = CategoricalKde.Fit(sorted[..nGood], options.MinBandwidth);
        var bad = CategoricalKde.Fit(sorted[nGood..(nGood + nBad)], options.MinBandwidth);
        double best = double.PositiveInfinity;
        bool found = false, special = false;
        var candidate = new int[CellConfigurations.Count];
        for (int i = 0; i < options.NumSamples; i++)
        {
            var datum = good.Row(random.Next(good.Rows));
            for (int d = 0; d < candidate.Length; d++)
            {
                double bw = Math.Max(good.Bandwidth[d], options.MinBandwidth);
                candidate[d] = random.NextDouble() < 1 - bw ? datum[d] : random.Next(CellConfigurations.Cardinalities[d]);
            }

            double g = good.Density(candidate), l = bad.Density(candidate);
            special |= double.IsInfinity(g) || double.IsInfinity(l);
            double score = Math.Max(1e-32, l) / Math.Max(g, 1e-32);
            if (!double.IsFinite(score))
            {
                if (double.IsFinite(g))
                {
                    return (candidate, special);
                }

                continue;
            }

            if (score < best)
            {
                (best, found) = (score, true);
                candidate.CopyTo(into);
            }
        }

        if (!found)
        {
            CellConfigurations.SampleUniform(random, into);
        }

        return (into, special);
    }
}
