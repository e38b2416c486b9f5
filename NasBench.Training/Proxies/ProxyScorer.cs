using NasBench.Core.SearchSpace;
using NasBench.Training.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasBench.Training.Proxies;

/// <summary>
/// Scores a cell with the zero-cost proxies on the exact NAS-Bench-101 network (<see cref="NasBenchNetwork"/>) at
/// the shape of <paramref name="network"/>, each on a fresh network initialised from <c>torch.manual_seed(seed)</c>
/// (every proxy sees the same weights, as zero-cost-nas's copies of one network do), in training mode.
/// </summary>
/// <remarks>
/// <code>
/// params    = NAS-Bench-101's trainable parameters (Core's formula, batch norm included)
/// flops     = Σ conv: H_out·W_out·C_out·C_in·k² + dense: in·out   (one image; pooling, BN and additions not counted)
/// synflow   = net without BN, float64, θ ← |θ|; R = Σ net(ones(1 × C × H × W)); Σ_conv,dense |θ ⊙ ∂R/∂θ|
/// jacob_cov = J = ∂Σnet(x)/∂x per image (N × CHW); λ = eig(corrcoef(J)); −Σ log(λ + 1e-5) + 1/(λ + 1e-5)
/// naswot    = K = Σ_ReLU c·cᵀ + (1 − c)(1 − c)ᵀ, c = [ReLU input > 0] per image; log |det K|     (same forward as jacob_cov)
/// snip      = L = cross_entropy(net(x), y); Σ_conv,dense |W ⊙ ∂L/∂W|
/// grad_norm = Σ_conv,dense ‖∂L/∂W‖₂                                                                (same backward as snip)
/// fisher    = Σ_conv,dense Σ_channels ½·mean_n (Σ_spatial a ⊙ ∂L/∂a)², a = the layer's output      (same backward as snip)
/// </code>
/// Not thread-safe: libtorch's seed is process-wide, so run it under <see cref="Trainers.TrainingWorker.RunAsync{T}"/>.
/// Every constant (and <c>add</c>'s alpha 1) is an explicit <see cref="Scalar"/> kept alive until its native call returns:
/// an implicitly converted one (<c>1 − c</c>, <c>λ + k</c>, <c>pow(2)</c>, <c>· ½</c>) is left to the garbage collector,
/// which another thread's collection can finalize while the kernel reads it (see <see cref="Predictors.AdamStep"/>).
/// </remarks>
/// <param name="network">The network's shape (input channels and classes must match the batch).</param>
/// <param name="seed">Seed of the initial weights. The default value is 0.</param>
/// <param name="device">Where to compute. The default value is the CPU.</param>
public sealed partial class ProxyScorer(NetworkOptions network, int seed = 0, Device? device = null)
{
    /// <summary>jacob_cov's k (zero-cost-nas's <c>eval_score</c>).</summary>
    public const double JacobCovK = 1e-5;

    private readonly Device _device = device ?? CPU;

    /// <summary>Overwrites the initial weights after construction (tests compare with a reference that sets them by formula).</summary>
    internal Action<NasBenchNetwork>? Initialise { get; init; }

    /// <summary>The network's shape.</summary>
    public NetworkOptions Network { get; } = network ?? throw new ArgumentNullException(nameof(network));

    /// <summary>
    /// The proxies named in <paramref name="proxies"/> (<see cref="ProxyNames"/>); <paramref name="batch"/> is needed by
    /// the data-dependent ones, <paramref name="imageSide"/> gives the data-free ones their input when there is no batch.
    /// </summary>
    public IReadOnlyDictionary<string, double> Score(ModelSpec spec, IReadOnlyList<string> proxies, ProxyBatch? batch, int imageSide = 32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(proxies);
        if (batch is null && proxies.Any(ProxyNames.NeedsData))
        {
            throw new ArgumentException($"The proxies {string.Join(", ", proxies.Where(ProxyNames.NeedsData))} need a batch of images.");
        }

        int side = batch is null ? imageSide : (int)batch.Inputs.shape[2];
        var scores = new Dictionary<string, double>();
        if (proxies.Contains(ProxyNames.Params))
        {
            scores[ProxyNames.Params] = Network.ExpectedParameters(spec.Cell);
        }

        if (proxies.Contains(ProxyNames.Flops))
        {
            scores[ProxyNames.Flops] = Flops(spec, side);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (proxies.Contains(ProxyNames.Synflow))
        {
            scores[ProxyNames.Synflow] = Synflow(spec, side);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (proxies.Contains(ProxyNames.JacobCov) || proxies.Contains(ProxyNames.Naswot))
        {
            var (jacobCov, naswot) = JacobianAndCodes(spec, batch!, jacobian: proxies.Contains(ProxyNames.JacobCov));
            AddIf(scores, proxies, ProxyNames.JacobCov, jacobCov);
            AddIf(scores, proxies, ProxyNames.Naswot, naswot);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (proxies.Contains(ProxyNames.Snip) || proxies.Contains(ProxyNames.GradNorm) || proxies.Contains(ProxyNames.Fisher))
        {
            var (snip, gradNorm, fisher) = LossGradients(spec, batch!);
            AddIf(scores, proxies, ProxyNames.Snip, snip);
            AddIf(scores, proxies, ProxyNames.GradNorm, gradNorm);
            AddIf(scores, proxies, ProxyNames.Fisher, fisher);
        }

        return scores;
    }

    private static void AddIf(Dictionary<string, double> scores, IReadOnlyList<string> proxies, string name, double value)
    {
        if (proxies.Contains(name))
        {
            scores[name] = value;
        }
    }

    /// <summary>A fresh network in training mode with the scorer's initial weights.</summary>
    private NasBenchNetwork Build(ModelSpec spec, bool batchNorm = true)
    {
        torch.manual_seed(seed);
        var net = new NasBenchNetwork(spec, Network with { BatchNorm = batchNorm });
        Initialise?.Invoke(net);
        net.to(_device);
        net.train();
        return net;
    }

    /// <summary>The weights every proxy scores: the convolutions' and the dense layer's (no biases, no batch norm).</summary>
    internal static IEnumerable<Parameter> Weights(NasBenchNetwork net) =>
        net.modules().OfType<Conv2d>().Select(c => c.weight!).Concat(net.modules().OfType<Linear>().Select(l => l.weight!));

    private static IEnumerable<ConvBnRelu> Convolutions(NasBenchNetwork net) => net.modules().OfType<ConvBnRelu>();

    private double Flops(ModelSpec spec, int side)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var net = Build(spec);
        double total = 0;
        foreach (var conv in Convolutions(net))
        {
            conv.Probe = (module, output, _) =>
            {
                var w = module.Conv.weight!;
                total += (double)output.shape[2] * output.shape[3] * w.shape[0] * w.shape[1] * w.shape[2] * w.shape[3];
                return false;
            };
        }

        net.call(zeros(1, Network.InputChannels, side, side, device: _device));
        var dense = net.modules().OfType<Linear>().Single().weight!;
        return total + ((double)dense.shape[0] * dense.shape[1]);
    }

    private double Synflow(ModelSpec spec, int side)
    {
        using var scope = NewDisposeScope();
        using var net = Build(spec, batchNorm: false);
        net.to(ScalarType.Float64);
        using (no_grad())
        {
            foreach (var p in net.parameters())
            {
                p.abs_();
            }
        }

        var output = net.call(ones([1, Network.InputChannels, side, side], ScalarType.Float64, _device));
        output.sum().backward();
        return Weights(net).Sum(w => (w * w.grad!).abs().sum().ToDouble());
    }
}
