using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasBench.Training.Networks;

/// <summary>The reference's <c>conv_bn_relu</c>: k×k convolution without bias ("same" padding), batch norm, ReLU.</summary>
/// <remarks>
/// Without batch norm (<c>batchNorm: false</c>) it is the zero-cost proxies' "prunable copy, bn=False" of synflow. The batch
/// norm runs through <see cref="BatchNorm"/>, not the module's own forward: TorchSharp's counts the batch with
/// <c>num_batches_tracked.add_(1)</c>, two implicitly converted Scalars left to the garbage collector, which another
/// thread's collection can finalize while the kernel reads them (see <see cref="Predictors.AdamStep"/>).
/// </remarks>
public sealed class ConvBnRelu : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d? bn;

    /// <summary>A bias-free convolution, batch norm (the reference's momentum and epsilon; none when <paramref name="batchNorm"/> is false) and ReLU.</summary>
    public ConvBnRelu(int inChannels, int outChannels, int kernelSize, int stride = 1, double momentum = NetworkOptions.DefaultBatchNormMomentum, bool batchNorm = true)
        : base($"conv{kernelSize}x{kernelSize}-bn-relu")
    {
        conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: kernelSize / 2, bias: false);
        bn = batchNorm ? nn.BatchNorm2d(outChannels, eps: NetworkOptions.BatchNormEpsilon, momentum: momentum) : null;
        RegisterComponents();
    }

    /// <summary>The convolution (its weight is what the zero-cost proxies score).</summary>
    internal Conv2d Conv => conv;

    /// <summary>
    /// Sees the convolution's output and the ReLU's input of every forward pass (the zero-cost proxies' hooks) and
    /// returns true when it keeps the convolution's output (then it owns that tensor); null: none.
    /// </summary>
    internal Func<ConvBnRelu, Tensor, Tensor, bool>? Probe { get; set; }

    /// <summary>Convolution, batch norm, ReLU.</summary>
    public override Tensor forward(Tensor input)
    {
        var x = conv.call(input);
        using var y = bn is null ? x.alias() : BatchNorm(bn, x);
        bool kept = Probe?.Invoke(this, x, y) ?? false;
        var output = nn.functional.relu(y);
        if (!kept)
        {
            x.Dispose();
        }

        return output;
    }

    /// <summary>
    /// TorchSharp 0.107's <c>BatchNorm.forward</c> for a layer that tracks running statistics, op for op, with the batch
    /// count's Scalars kept alive until <c>add_</c> returns:
    /// <code>
    /// training: num_batches_tracked += 1; factor = momentum ?? 1 / num_batches_tracked     evaluation: factor = momentum ?? 0
    /// batch_norm(x, running_mean, running_var, weight, bias, training, factor, eps)
    /// </code>
    /// </summary>
    private static Tensor BatchNorm(BatchNorm2d bn, Tensor x)
    {
        double factor = bn.momentum ?? 0.0;
        if (bn.training && bn.num_batches_tracked is { } count)
        {
            using (var one = 1.ToScalar())
            {
                count.add_(one, one);
            }

            factor = bn.momentum ?? (1.0 / count.item<long>());
        }

        return nn.functional.batch_norm(x, bn.running_mean, bn.running_var, bn.weight, bn.bias, bn.training, factor, bn.eps);
    }
}
