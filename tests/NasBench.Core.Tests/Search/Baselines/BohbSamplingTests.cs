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
    public void Update_AfterEachInsertion_EqualsAFreshFit()
    {
        // BOHB moves the model it samples from by each new result (Observe) instead of refitting: the same rows with the
        // same weights, so the same counts and bandwidths bit for bit, and the same densities but for the sum's order.
        var options = new BohbSearchOptions();
        var random = new Random(6);
        var results = new BohbObservations();
        var rows = new List<(double Loss, int[] Row)>();
        int[] Draw(int i) => [.. Enumerable.Range(0, CellConfigurations.Count).Select(d => random.Next(i % 5 == 0 ? 1 : CellConfigurations.Cardinalities[d]))];
        (int Good, int Bad) Sizes(int n) => (Math.Max(27, 15 * n / 100), Math.Min(n - Math.Max(27, 15 * n / 100), Math.Max(27, 85 * n / 100)));
        for (int i = 0; i < 60; i++)
        {
            var row = rows.Count > 10 && i % 3 == 0 ? rows[random.Next(rows.Count)].Row : Draw(i);    // repeats, as BOHB's budgets have
            double loss = Math.Round(random.NextDouble(), 2);
            results.Add(row, loss);
            rows.Add((loss, row));
        }

        var (nGood, nBad) = Sizes(rows.Count);
        var good = CategoricalKde.Fit(results, 0, nGood, options.MinBandwidth);
        var bad = CategoricalKde.Fit(results, nGood, nBad, options.MinBandwidth, good.Mode());
        for (int step = 0; step < 400; step++)
        {
            var row = step % 3 == 0 ? rows[random.Next(rows.Count)].Row : Draw(step);
            double loss = Math.Round(random.NextDouble(), 2);    // ties: inserted after equal losses
            rows.Add((loss, row));
            int rank = results.Insert(row, loss);
            (nGood, nBad) = Sizes(rows.Count);
            good.Update(rank, 0, nGood);
            bad.Update(rank, nGood, nBad);
            if (step % 7 != 0)
            {
                continue;
            }

            good.Commit();
            bad.Commit(good.Mode());
            var sorted = rows.OrderBy(r => r.Loss).Select(r => r.Row).ToArray();    // stable
            var freshGood = CategoricalKde.Fit(sorted[..nGood], options.MinBandwidth);
            var freshBad = CategoricalKde.Fit(sorted[nGood..(nGood + nBad)], options.MinBandwidth, freshGood.Mode());
            foreach (var (moved, fresh) in new[] { (good, freshGood), (bad, freshBad) })
            {
                Assert.Equal(fresh.Rows, moved.Rows);
                Assert.Equal(fresh.Bandwidth, moved.Bandwidth);
                Assert.Equal(fresh.KeepProbability, moved.KeepProbability);
                Assert.Equal(fresh.Mode(), moved.Mode());
                Assert.Equal(fresh.PackedRow(5).ToArray(), moved.PackedRow(5).ToArray());
                foreach (var (_, x) in rows.Take(40))
                {
                    double expected = fresh.Density(x), actual = moved.Density(x);
                    Assert.Equal(double.IsInfinity(expected), double.IsInfinity(actual));
                    Assert.True(double.IsInfinity(expected) || Math.Abs(actual - expected) <= 1e-12 * expected, $"step {step}: {actual} vs {expected}");
                    if (!moved.IsOutside(x))
                    {
                        var probe = CategoricalKde.Probe(x);
                        Assert.True(moved.Floor(probe) <= moved.Sum(probe, 0, moved.DistinctRows, 0));
                    }
                }
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

    /// <summary>The same on xoshiro256** (the runs' generator), whose draws BOHB makes from a local copy of its state, two
    /// variables per 64-bit draw, with <c>u &lt; j · q</c> as an integer compare (<see cref="CategoricalKde.Threshold"/>).</summary>
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
    [InlineData(0.2333333333333333)]
    [InlineData(0.99999999999999989)]    // the largest double below 1
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Threshold_DecidesAsTheUniformBelowP(double p)
    {
        // u = v · 2⁻³² for a 32-bit v: every v near the threshold and around p · 2³², the ends, and random ones.
        ulong threshold = CategoricalKde.Threshold(p);
        var random = new Random(4);
        var values = new List<ulong> { 0, 1, uint.MaxValue };
        for (long delta = -3; delta <= 3; delta++)
        {
            values.Add((ulong)Math.Clamp((long)threshold + delta, 0, uint.MaxValue));
            values.Add((ulong)Math.Clamp((long)(double.IsNaN(p) ? 0 : Math.Clamp(p, 0, 1) * 4294967296.0) + delta, 0, uint.MaxValue));
        }

        for (int i = 0; i < 10_000; i++)
        {
            values.Add((ulong)random.NextInt64(1L << 32));
        }

        foreach (ulong v in values)
        {
            Assert.Equal(v * (1.0 / 4294967296.0) < p, v < threshold);
        }
    }

    /// <summary>bohb.py's draw of a variable, <c>rand() &lt; keep ? datum : randint(c)</c>, gives the datum's value with
    /// probability keep + (1 − keep)/c and each other value (1 − keep)/c. BOHB's one-uniform draw gives each value with the
    /// probability of its interval of u: counted exactly over all 2³² values of u from the thresholds, and read back from
    /// <see cref="CandidateDraw.Choose"/> (every variable of the kind, u the same for all) on both sides of every threshold.</summary>
    [Theory]
    [InlineData(2, 0.7)]
    [InlineData(2, 0.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.7)]
    [InlineData(3, 0.05)]
    [InlineData(3, 1.0 / 3)]
    [InlineData(4, 0.42)]
    public void Variable_GivesEachValueBohbPysProbability(int categories, double keep)
    {
        var variable = CandidateDraw.Variable.Of(keep, categories);
        ulong[] thresholds = [.. new[] { variable.First, variable.Second, variable.Third }.Take(categories - 1)];
        Assert.Equal(thresholds.Order(), thresholds);
        int dims = CellConfigurations.Count;
        var draw = new CandidateDraw();
        draw.Set([.. Enumerable.Repeat(keep, dims)], [.. Enumerable.Repeat(categories, dims)]);
        int[] Drawn(int datum, uint u)
        {
            var probe = draw.Choose(CategoricalKde.Probe([.. Enumerable.Repeat(datum, dims)]), [.. Enumerable.Repeat(u | ((ulong)u << 32), 16)]);
            Assert.Equal(0xFE, probe[dims]);
            return [.. Enumerable.Range(0, dims).Select(d => (int)probe[d])];
        }

        for (int datum = 0; datum < categories; datum++)
        {
            // u in [T_i, T_{i+1}) (T_0 = 0, T_c = 2³²) lies below c − 1 − i thresholds: value (datum + c − 1 − i) mod c.
            var probability = new double[categories];
            ulong[] bounds = [0, .. thresholds, 1UL << 32];
            for (int i = 0; i < categories; i++)
            {
                int value = (datum + categories - 1 - i) % categories;
                probability[value] += (bounds[i + 1] - bounds[i]) / 4294967296.0;
                if (bounds[i + 1] > bounds[i])
                {
                    Assert.All(Drawn(datum, (uint)bounds[i]), v => Assert.Equal(value, v));
                    Assert.All(Drawn(datum, (uint)(bounds[i + 1] - 1)), v => Assert.Equal(value, v));
                }
            }

            for (int value = 0; value < categories; value++)
            {
                double expected = (value == datum ? keep : 0) + ((1 - keep) / categories);
                Assert.InRange(probability[value], expected - Math.Pow(2, -31), expected + Math.Pow(2, -31));
            }
        }
    }

    /// <summary>The same as a test of draws: 200,000 draws of bohb.py's rule (NextDouble and Next, seeded) against 200,000 of
    /// BOHB's (xoshiro256**, two per 64-bit draw, a candidate's variables at once), a χ² test of homogeneity at the 0.1 %
    /// level per variable kind.</summary>
    [Theory]
    [InlineData(2, 0.7, 1)]
    [InlineData(3, 0.7, 2)]
    [InlineData(3, 0.4, 0)]
    public void Variable_Draws_AgreeWithBohbPysRule(int categories, double keep, int datum)
    {
        const int n = 200_000;
        var reference = new long[categories];
        var plain = new Random(11);
        for (int i = 0; i < n; i++)
        {
            reference[plain.NextDouble() < keep ? datum : plain.Next(categories)]++;
        }

        // BOHB's: each candidate draws every variable at once; here all 26 of this kind, 26 draws a candidate.
        var drawn = new long[categories];
        int dims = CellConfigurations.Count;
        var draw = new CandidateDraw();
        draw.Set([.. Enumerable.Repeat(keep, dims)], [.. Enumerable.Repeat(categories, dims)]);
        var probe = CategoricalKde.Probe([.. Enumerable.Repeat(datum, dims)]);
        var stream = new Xoshiro256StarStar(12);
        var uniforms = new ulong[16];
        for (int i = 0; i < n; i += dims)
        {
            for (int w = 0; w < draw.Words; w++)
            {
                uniforms[w] = stream.NextUInt64();
            }

            var candidate = draw.Choose(probe, uniforms);
            for (int d = 0; d < Math.Min(dims, n - i); d++)
            {
                drawn[candidate[d]]++;
            }
        }

        double chi2 = 0;
        for (int v = 0; v < categories; v++)
        {
            double pooled = (reference[v] + drawn[v]) / 2.0;
            chi2 += (Math.Pow(reference[v] - pooled, 2) + Math.Pow(drawn[v] - pooled, 2)) / pooled;
        }

        double critical = categories == 2 ? 10.828 : 13.816;    // χ² quantiles at 0.999, 1 and 2 degrees of freedom
        Assert.True(chi2 < critical, $"χ² = {chi2:F2} ≥ {critical} for counts [{string.Join(", ", reference)}] vs [{string.Join(", ", drawn)}]");
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

            // More results after the first sample move the model (not refitted): its l then sums the same terms in another
            // order, so the plain loop's choice is found unless two candidates' scores agree to the last bits.
            for (int more = 0; more < 1 + (trial % 9); more++)
            {
                double loss = Math.Round(setup.NextDouble(), 3);
                int[] row = [.. kind.Select((k, d) => k == 1 || (k == 2 && loss < 0.2) || (k == 3 && loss >= 0.2) ? 0 : setup.Next(CellConfigurations.Cardinalities[d]))];
                model.Observe(row, 108, loss);
                observed.Add((loss, row));
            }

            streamSeed = setup.NextInt64();
            fastRandom = stream(streamSeed);
            model.Sample(fastRandom, fast);
            plainRandom = stream(streamSeed);
            (plain, special) = PlainSample(options, observed, plainRandom);
            Assert.Equal(plain, fast);
            Assert.Equal(plainRandom.Next(), fastRandom.Next());
            decided++;
            infinite += special ? 1 : 0;
        }

        Assert.Equal(80, decided);
        Assert.True(infinite > 0, "no candidate with an infinite density was drawn: the special cases went untested");
    }

    /// <summary>bohb.py's sampling as the code before the speed-ups had it: every density summed whole, in candidate order;
    /// each variable drawn with one uniform (<see cref="Variable_GivesEachValueBohbPysProbability"/>).</summary>
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
        var bad = CategoricalKde.Fit(sorted[nGood..(nGood + nBad)], options.MinBandwidth, good.Mode());    // its rows summed in that order
        double best = double.PositiveInfinity;
        bool found = false, special = false;
        var candidate = new int[CellConfigurations.Count];
        for (int i = 0; i < options.NumSamples; i++)
        {
            var datum = good.Row(random.Next(good.Rows));
            var uniforms = Uniforms(random, candidate.Length);
            for (int d = 0; d < candidate.Length; d++)
            {
                // keep-or-uniform as one uniform: the datum's value moved by the number of multiples j·q above u.
                int c = CellConfigurations.Cardinalities[d];
                double q = (1 - Math.Clamp(1 - Math.Max(good.Bandwidth[d], options.MinBandwidth), 0, 1)) / c;
                int k = Enumerable.Range(1, c - 1).Count(j => uniforms[d] < j * q);
                candidate[d] = (datum[d] + k) % c;
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

    /// <summary>The uniforms in [0, 1) of one candidate's variables as BOHB draws them: two 32-bit halves (low first) of each
    /// 64-bit draw of xoshiro256**, or ⌊NextDouble() · 2³²⌋ each from another generator, over 2³².</summary>
    private static double[] Uniforms(Random random, int count)
    {
        var uniforms = new double[count + 1];
        for (int d = 0; d < count; d += 2)
        {
            if (random is Xoshiro256StarStar xoshiro)
            {
                ulong bits = xoshiro.NextUInt64();
                (uniforms[d], uniforms[d + 1]) = ((uint)bits / 4294967296.0, (uint)(bits >> 32) / 4294967296.0);
            }
            else
            {
                double low = Math.Floor(random.NextDouble() * 4294967296.0), high = Math.Floor(random.NextDouble() * 4294967296.0);
                (uniforms[d], uniforms[d + 1]) = (low / 4294967296.0, high / 4294967296.0);
            }
        }

        return uniforms;
    }
}
