using NasBench.Core.SearchSpace;
using NasBench.Training.Networks;
using NasBench.Training.Proxies;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Tests.Proxies;

[Collection(nameof(TrainingCollection))]
public class ProxyScorerTests
{
    // Printed by reference_proxies.py (beside this file) with Debian's python3-torch 1.13: the same tiny network written
    // by hand in PyTorch, the same weights and batch, the proxies as zero-cost-nas and NASWOT compute them.
    private static readonly Dictionary<string, double> Reference = new()
    {
        [ProxyNames.Synflow] = 1894.7765482156572,
        [ProxyNames.JacobCov] = -9.973450496768411,
        [ProxyNames.Naswot] = 29.92687192839685,
        [ProxyNames.Snip] = 1.973303847014904,
        [ProxyNames.GradNorm] = 2.0421780198812485,
        [ProxyNames.Fisher] = 0.05159362556878477,
        [ProxyNames.Flops] = 23832,
        [ProxyNames.Params] = 959,
    };

    // input → conv3x3 → output with the input also projected onto the output: projections, a sum, both stacks.
    private static readonly ModelSpec TinyCell = ModelSpec.Parse("011001000", "input,conv3x3-bn-relu,output");

    private static readonly NetworkOptions Tiny = new(StemChannels: 4, Stacks: 2, CellsPerStack: 1, InputChannels: 1, Classes: 3);

    private static ProxyScorer FormulaScorer() => new(Tiny)
    {
        // reference_proxies.py's weights: 0.3·sin(0.37·j + 1.1·layer + 0.5) over conv weights, dense weight, dense bias.
        Initialise = net =>
        {
            var tensors = ProxyScorer.Weights(net).Cast<Tensor>().Append(net.modules().OfType<TorchSharp.Modules.Linear>().Single().bias!).ToList();
            using var noGrad = no_grad();
            for (int layer = 0; layer < tensors.Count; layer++)
            {
                // Computed here, not with TorchSharp's arithmetic, whose implicit Scalars the collector test would finalize.
                var w = tensors[layer];
                var formula = Enumerable.Range(0, (int)w.numel()).Select(j => (float)(0.3 * Math.Sin((0.37 * j) + (1.1 * layer) + 0.5))).ToArray();
                using var values = tensor(formula, w.shape);
                w.copy_(values);
            }
        },
    };

    private static ProxyBatch FormulaBatch()
    {
        var images = Enumerable.Range(0, 5 * 64).Select(i => (float)Math.Sin((0.05 * i) + 0.2)).ToArray();
        return new ProxyBatch(tensor(images, [5, 1, 8, 8]), tensor(new long[] { 0, 1, 2, 0, 1 }));
    }

    [Fact]
    public void Score_MatchesPyTorchReference_OnTinyNetwork()
    {
        using var batch = FormulaBatch();
        var scores = FormulaScorer().Score(TinyCell, ProxyNames.All, batch);
        Assert.Equal(ProxyNames.All.Order(), scores.Keys.Order());
        foreach (var (name, expected) in Reference)
        {
            // float32 networks on both sides: agreement to ~1e-5 relative; the counts are exact.
            double tolerance = name is ProxyNames.Params or ProxyNames.Flops ? 0 : 1e-4 * Math.Max(1, Math.Abs(expected));
            Assert.True(Math.Abs(scores[name] - expected) <= tolerance, $"{name}: {scores[name]:R}, reference {expected:R}");
        }

        // Asked alone, NASWOT skips jacob_cov's backward pass and gives the same value.
        Assert.Equal(scores[ProxyNames.Naswot], FormulaScorer().Score(TinyCell, [ProxyNames.Naswot], batch)[ProxyNames.Naswot], 9);
    }

    [Fact]
    public void Score_SameSeedSameScores_OtherSeedOtherWeights()
    {
        var spec = ModelSpec.Parse("0110001100010000", "input,conv1x1-bn-relu,maxpool3x3,output");
        using var batch = ProxyBatch.Gaussian(6, 1, 8, 3, seed: 1);
        var a = new ProxyScorer(Tiny, seed: 7).Score(spec, ProxyNames.All, batch);
        var b = new ProxyScorer(Tiny, seed: 7).Score(spec, ProxyNames.All, batch);
        var c = new ProxyScorer(Tiny, seed: 8).Score(spec, ProxyNames.All, batch);
        Assert.Equal(a, b);
        Assert.NotEqual(a[ProxyNames.Synflow], c[ProxyNames.Synflow]);
        Assert.Equal(a[ProxyNames.Params], c[ProxyNames.Params]);
    }

    /// <summary>
    /// Every proxy, again and again, while another thread forces collections (<see cref="CollectingThread"/>): no Scalar may be
    /// finalized under a kernel, and the scores are bit for bit those without the collector.
    /// </summary>
    [Fact]
    public async Task Score_SurvivesCollectionsFromAnotherThread_SameScores()
    {
        using var batch = FormulaBatch();
        var expected = FormulaScorer().Score(TinyCell, ProxyNames.All, batch);
        var rounds = await CollectingThread.RunBesideAsync(() => FormulaScorer().Score(TinyCell, ProxyNames.All, batch), collections: 1000);
        Assert.All(rounds, scores => Assert.Equal(expected, scores));
    }

    [Fact]
    public void Score_DataFreeProxiesNeedNoBatch_DataProxiesDo()
    {
        var scorer = new ProxyScorer(Tiny);
        var scores = scorer.Score(TinyCell, [ProxyNames.Synflow, ProxyNames.Params, ProxyNames.Flops], batch: null, imageSide: 8);
        Assert.Equal(Reference[ProxyNames.Flops], scores[ProxyNames.Flops]);
        Assert.Throws<ArgumentException>(() => scorer.Score(TinyCell, [ProxyNames.Snip], batch: null));
    }

    [Fact]
    public void Score_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => new ProxyScorer(Tiny).Score(TinyCell, [ProxyNames.Synflow], null, 8, cts.Token));
    }

    [Fact]
    public void Parse_KeepsCanonicalOrder_RejectsUnknown()
    {
        Assert.Equal([ProxyNames.Synflow, ProxyNames.Params], ProxyNames.Parse("params, synflow"));
        Assert.Equal(ProxyNames.All, ProxyNames.Parse(null));
        Assert.Throws<ArgumentException>(() => ProxyNames.Parse("synflow,zen"));
    }
}
