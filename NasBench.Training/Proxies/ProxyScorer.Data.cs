using TorchSharp;
using NasBench.Core.SearchSpace;
using static TorchSharp.torch;

namespace NasBench.Training.Proxies;

public sealed partial class ProxyScorer
{
    /// <summary>jacob_cov and NASWOT from one forward pass (ReLU codes) and, for jacob_cov, one backward pass to the input.</summary>
    private (double JacobCov, double Naswot) JacobianAndCodes(ModelSpec spec, ProxyBatch batch, bool jacobian)
    {
        using var scope = NewDisposeScope();
        using var net = Build(spec);
        int n = batch.Count;
        var kernel = zeros([n, n], ScalarType.Float64, _device);
        foreach (var conv in Convolutions(net))
        {
            conv.Probe = (_, _, reluInput) =>
            {
                using var inner = NewDisposeScope();
                using var noGrad = no_grad();
                using Scalar zero = 0.ToScalar(), one = 1.ToScalar();
                var codes = reluInput.detach().gt(zero).reshape(n, -1).to(ScalarType.Float32);
                var complement = codes.negative().add(one, one);   // 1 − codes, as TorchSharp's operator computes it
                kernel.add_(codes.mm(codes.t()).to(ScalarType.Float64), one).add_(complement.mm(complement.t()).to(ScalarType.Float64), one);
                return false;
            };
        }

        var x = batch.Inputs.to(_device).detach().clone().requires_grad_(jacobian);
        double jacobCov = double.NaN;
        if (!jacobian)
        {
            using var noGrad = no_grad();
            net.call(x);
        }
        else
        {
            var output = net.call(x);
            output.backward([ones_like(output)]);
            var correlations = x.grad!.reshape(n, -1).to(ScalarType.Float64).corrcoef();
            if (!correlations.isnan().any().item<bool>())
            {
                using Scalar k = JacobCovK.ToScalar(), one = 1.ToScalar();
                var eigenvalues = linalg.eigvalsh(correlations).add(k, one);
                jacobCov = -eigenvalues.log().add(eigenvalues.reciprocal(), one).sum().ToDouble();
            }
        }

        var (_, logAbsDet) = linalg.slogdet(kernel);
        return (jacobCov, logAbsDet.ToDouble());
    }

    /// <summary>snip, grad_norm and fisher from one cross-entropy backward pass.</summary>
    private (double Snip, double GradNorm, double Fisher) LossGradients(ModelSpec spec, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        using var net = Build(spec);
        var activations = new List<Tensor>();
        try
        {
            foreach (var conv in Convolutions(net))
            {
                conv.Probe = (_, convOutput, _) =>
                {
                    convOutput.retain_grad();
                    activations.Add(convOutput.DetachFromDisposeScope());
                    return true;
                };
            }

            var logits = net.call(batch.Inputs.to(_device));
            logits.retain_grad();
            var loss = nn.functional.cross_entropy(logits, batch.Targets.to(_device));
            loss.backward();
            double snip = 0, gradNorm = 0;
            foreach (var w in Weights(net))
            {
                snip += (w * w.grad!).abs().sum().ToDouble();
                gradNorm += w.grad!.norm().ToDouble();
            }

            double fisher = FisherTerm(logits);
            foreach (var a in activations)
            {
                fisher += FisherTerm(a);
            }

            return (snip, gradNorm, fisher);
        }
        finally
        {
            foreach (var a in activations)
            {
                a.Dispose();
            }
        }
    }

    /// <summary>zero-cost-nas's fisher of one layer: Σ_k ½·mean_n g_nk², g_nk = Σ_spatial a·∂L/∂a.</summary>
    private static double FisherTerm(Tensor activation)
    {
        using var scope = NewDisposeScope();
        var a = activation.detach().to(ScalarType.Float64);
        var g = activation.grad!.to(ScalarType.Float64);
        var product = a * g;   // tensor × tensor: no Scalar
        var perChannel = product.dim() > 2 ? product.sum([2L, 3L]) : product;
        using Scalar two = 2.ToScalar(), half = 0.5.ToScalar();
        return perChannel.pow(two).mean([0L]).mul(half).abs().sum().ToDouble();
    }
}
