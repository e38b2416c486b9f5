using NasBench.Core.Search;
using NasBench.Core.Tests.Search.Baselines;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search.Smac;

/// <summary>SMAC's parts against hand-traced cases of its reference (pyrfr 0.8's regression tree and forest, SMAC3 0.10's
/// EI, ConfigSpace's one-exchange neighbourhood), and how its runs charge queries (reproducible, seeds differ and
/// cancellable: BaselineRunTests, with every baseline).</summary>
[Collection(nameof(SpaceCollection))]
public sealed class SmacTests
{
    /// <summary>
    /// 14 points, f0 ∈ {0, 1}, f1 ∈ {0, 1, 2}, every feature tried, no bootstrapping, min_samples_split = min_samples_leaf = 3.
    /// By pyrfr's rule (categories sorted by mean, prefixes moved left, loss = RSS(left) + RSS(right)):
    /// <code>
    /// root, 14 points:  f0: {0} | {1}                                            loss 0.2949714286
    ///                   f1: means c0 .36, c2 .49, c1 .765: {0} | {2,1}  0.87535;  {0,2} | {1}  0.76466
    ///                   → f0, left {0}
    /// f0 = 0, 7 points: f0 one category; f1: means .11, .30, .42:
    ///                   {0} | {1,2}: RSS{.10,.11,.12} = .0002 + RSS{.30,.40,.42,.44} = .0116 → .0118;  {0,1} | {2}: .028075
    ///                   → f1, left {0}: leaves {.10,.11,.12} mean .11 and {.30,.40,.42,.44} mean .39 (4 and 3 points: not split)
    /// f0 = 1, 7 points: f1 means c0 .61, c2 .70, c1 .92: {0} | {2,1} .0373;  {0,2} | {1} .007075
    ///                   → f1, left {0, 2}: leaves {.60,.61,.62,.70} mean .6325 and {.90,.92,.94} mean .92
    /// </code>
    /// </summary>
    [Fact]
    public void Tree_TinyDataSet_SplitsAndLeavesAsPyrfrsRule()
    {
        byte[] x = [0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 2, 0, 2, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 2];
        double[] y = [.10, .11, .12, .30, .40, .42, .44, .60, .61, .62, .90, .92, .94, .70];
        var tree = new RegressionTree();
        tree.Fit(x, y, Enumerable.Repeat(1, y.Length).ToArray(), [2, 3], new ForestOptions(Trees: 1, Bootstrapping: false, MaxFeatures: 2), new Random(0));

        var nodes = tree.Nodes;
        var root = nodes[0];
        Assert.Equal((0, 0b001, 14), (root.Feature, root.LeftCategories, root.Points));
        var low = nodes[root.Left];
        var high = nodes[root.Right];
        Assert.Equal((1, 0b001, 7), (low.Feature, low.LeftCategories, low.Points));
        Assert.Equal((1, 0b101, 7), (high.Feature, high.LeftCategories, high.Points));
        Assert.Equal(0.11, nodes[low.Left].Mean, 12);
        Assert.Equal(0.39, nodes[low.Right].Mean, 12);
        Assert.Equal(0.6325, nodes[high.Left].Mean, 12);
        Assert.Equal(0.92, nodes[high.Right].Mean, 12);
        Assert.All([nodes[low.Left], nodes[low.Right], nodes[high.Left], nodes[high.Right]], n => Assert.True(n.IsLeaf));
        Assert.Equal(7, nodes.Count);

        Assert.Equal(0.6325, tree.Predict([1, 2]), 12);   // f0 = 1, f1 = 2 ∈ {0, 2}: left
        Assert.Equal(0.39, tree.Predict([0, 1]), 12);     // f0 = 0, f1 = 1 ∉ {0}: right
    }

    [Fact]
    public void Tree_PureOrSmallNode_IsALeaf()
    {
        var tree = new RegressionTree();
        byte[] x = [0, 1, 0, 1, 0, 1];
        tree.Fit(x, [0.5, 0.5 + 1e-9, 0.5, 0.5, 0.5, 0.5], [1, 1, 1, 1, 1, 1], [2], new ForestOptions(Trees: 1, Bootstrapping: false, MaxFeatures: 1), new Random(0));
        Assert.True(Assert.Single(tree.Nodes).IsLeaf);   // all within eps_purity 1e-8 of the first: pure
        tree.Fit(x.AsSpan(0, 5), [0.1, 0.9, 0.1, 0.9, 0.1], [1, 1, 1, 1, 1], [2], new ForestOptions(Trees: 1, Bootstrapping: false, MaxFeatures: 1), new Random(0));
        var leaf = Assert.Single(tree.Nodes);              // 5 points: no split leaves 3 on both sides
        Assert.Equal((0.1 + 0.9 + 0.1 + 0.9 + 0.1) / 5, leaf.Mean, 12);
    }

    [Fact]
    public void Tree_Weights_AreBootstrapCounts()
    {
        // Weight 0 leaves a point out; weight 2 counts it twice in the leaf's weighted mean.
        var tree = new RegressionTree();
        tree.Fit([0, 0, 0], [0.2, 0.4, 0.9], [2, 1, 0], [2], new ForestOptions(Trees: 1, Bootstrapping: false, MaxFeatures: 1), new Random(0));
        Assert.Equal(((2 * 0.2) + 0.4) / 3, Assert.Single(tree.Nodes).Mean, 12);
    }

    /// <summary>pyrfr's predict_mean_var with compute_law_of_total_variance = False (SMAC3 0.9–0.10): the mean of the trees'
    /// means and their sample variance; SMAC floors it at 1e-5. Means .1, .2, .4: mean .7/3; deviations −.4/3, −.1/3, .5/3;
    /// Σ² = .42/9; / (3 − 1) = .07/3.</summary>
    [Fact]
    public void Forest_Combine_MeanAndSampleVarianceOfTheTrees()
    {
        var (mean, variance) = RandomForest.Combine([0.1, 0.2, 0.4]);
        Assert.Equal(0.7 / 3, mean, 15);
        Assert.Equal(0.07 / 3, variance, 15);
        Assert.Equal((0.3, RandomForest.VarianceThreshold), RandomForest.Combine([0.3, 0.3, 0.3]));
        Assert.Equal((0.3, RandomForest.VarianceThreshold), RandomForest.Combine([0.3]));   // one tree: NaN, floored
    }

    [Fact]
    public void Forest_Predict_CombinesItsBootstrappedTrees()
    {
        var random = new Random(3);
        int n = 200;
        var x = new byte[n * CellConfigurations.Count];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int d = 0; d < CellConfigurations.Count; d++)
            {
                x[(i * CellConfigurations.Count) + d] = (byte)random.Next(CellConfigurations.Cardinalities[d]);
            }

            y[i] = (0.3 * x[i * CellConfigurations.Count]) + (0.1 * x[(i * CellConfigurations.Count) + 21]) + (0.05 * random.NextDouble());
        }

        var forest = new RandomForest(new ForestOptions());
        forest.Fit(x, y, CellConfigurations.Cardinalities, new Random(5));
        Assert.Equal(10, forest.Trees.Count);
        Assert.NotEqual(forest.Trees[0].Nodes, forest.Trees[1].Nodes);   // bootstrap samples and feature subsets differ
        for (int i = 0; i < 20; i++)
        {
            var config = x.AsSpan(i * CellConfigurations.Count, CellConfigurations.Count).ToArray();
            var perTree = forest.Trees.Select(t => t.Predict(config)).ToArray();
            Assert.Equal(RandomForest.Combine(perTree), forest.Predict(config));
        }
    }

    /// <summary>SMAC's EI (par 0; it minimises the cost 1 − validation accuracy): (η − m)·Φ(z) + s·φ(z), z = (η − m)/s.
    /// η = .1, m = .12, s = .02: z = −1, EI = .02·(φ(1) − Φ(−1)) = .02·(.2419707245 − .1586552539) = .0016663094;
    /// m = .08: z = 1, EI = .02·(Φ(1) + φ(1)) = .02·(.8413447461 + .2419707245) = .0216663094.</summary>
    [Fact]
    public void ExpectedImprovement_HandCase()
    {
        Assert.Equal(0.02 * (0.2419707245191434 - 0.15865525393145707), SmacSearch.ExpectedImprovement(0.1, 0.12, 0.0004), 14);
        Assert.Equal(0.02 * (0.8413447460685429 + 0.2419707245191434), SmacSearch.ExpectedImprovement(0.1, 0.08, 0.0004), 14);
        Assert.True(SmacSearch.ExpectedImprovement(0.1, 0.08, 0.0004) > SmacSearch.ExpectedImprovement(0.1, 0.12, 0.0004));   // lower cost, higher EI
        Assert.True(SmacSearch.ExpectedImprovement(0.1, 0.12, 0.01) > SmacSearch.ExpectedImprovement(0.1, 0.12, 0.0004));    // more uncertainty, higher EI
    }

    /// <summary>The one-exchange neighbourhood of a configuration of 21 binary and 5 ternary variables: 21·1 + 5·2 = 31
    /// configurations, each one variable changed, all different; the first one's variable uniform over the 26.</summary>
    [Fact]
    public void OneExchange_31Neighbours_EachOneVariableChanged()
    {
        var random = new Random(11);
        var config = new byte[CellConfigurations.Count];
        var neighbours = new (byte Variable, byte Value)[64];
        var firstVariable = new int[CellConfigurations.Count];
        const int Draws = 26_000;
        for (int draw = 0; draw < Draws; draw++)
        {
            for (int d = 0; d < config.Length; d++)
            {
                config[d] = (byte)random.Next(CellConfigurations.Cardinalities[d]);
            }

            int count = SmacSearch.OneExchange(config, random, neighbours);
            Assert.Equal(31, count);
            var set = neighbours.Take(count).ToHashSet();
            Assert.Equal(31, set.Count);
            Assert.All(set, n => Assert.NotEqual(config[n.Variable], n.Value));
            Assert.All(set, n => Assert.InRange(n.Value, 0, CellConfigurations.Cardinalities[n.Variable] - 1));
            Assert.Equal(31, set.Select(n => (n.Variable, n.Value)).Distinct().Count());
            firstVariable[neighbours[0].Variable]++;
        }

        // Each variable first with probability 1/26: 1000 expected, sd ~31; 6 sd either side.
        Assert.All(firstVariable, c => Assert.InRange(c, 1000 - 190, 1000 + 190));
    }

    /// <summary>SMAC's <c>_compare_configs</c> (average cost on the shared seeds, minR = 1) on hand cases: the incumbent ran
    /// on seeds 0 and 1 (costs .10, .20; mean .15).</summary>
    [Theory]
    [InlineData(new[] { 0 }, new[] { 0.20 }, "incumbent")]            // .20 > .10 on seed 0: out at once
    [InlineData(new[] { 0 }, new[] { 0.05 }, "undecided")]            // better on seed 0, lacks seed 1: race on
    [InlineData(new[] { 0 }, new[] { 0.10 }, "undecided")]            // equal so far: race on
    [InlineData(new[] { 0, 1 }, new[] { 0.05, 0.30 }, "incumbent")]   // .175 > .15
    [InlineData(new[] { 0, 1 }, new[] { 0.10, 0.20 }, "incumbent")]   // .15 = .15: the incumbent keeps it
    [InlineData(new[] { 1, 0 }, new[] { 0.19, 0.10 }, "challenger")]  // .145 < .15 on both seeds
    [InlineData(new[] { 0, 7 }, new[] { 0.01, 0.01 }, "undecided")]   // seed 7 is not the incumbent's: shared is seed 0 only
    public void Compare_HandCases(int[] seeds, double[] costs, string expected)
    {
        (int, double)[] incumbent = [(0, 0.10), (1, 0.20)];
        Assert.Equal(expected, SmacSearch.Compare(incumbent, [.. seeds.Zip(costs)]).ToString().ToLowerInvariant());
    }

    /// <summary>Every run is a query (repeats of a configuration too: the intensifier's); no configuration gets more than
    /// maxR runs; the incumbent is re-run up to maxR.</summary>
    [Fact]
    public void Run_ChargesEveryRun_AtMostMaxRunsPerConfiguration()
    {
        var session = new SearchSession(BaselineData.AllEpochs, SearchProtocol.NasBench101, SearchBudget.OfQueries(150), new Random(4));
        var smac = new SmacSearch(new SmacSearchOptions());
        smac.Run(session, new Random(5));
        Assert.Equal(150, session.Queries);
        Assert.True(smac.Runs >= 150);   // runs of invalid configurations are answered at no charge
        Assert.InRange(smac.RunsPerConfiguration.Max(), 2, 4);
        Assert.Equal(4, smac.IncumbentRuns);
        Assert.True(session.Current.CellsExplored < 150);   // repeats were charged
    }

    [Fact]
    public void Options_ValidateLocalSearchesAgainstChallengers()
    {
        var e = Assert.Throws<ArgumentException>(() => new SmacSearchOptions { Challengers = 5, LocalSearches = 10 }.Validate());
        Assert.Contains("local searches (10)", e.Message);
        Assert.Equal("smac", new SmacSearchOptions().Name);
    }
}
