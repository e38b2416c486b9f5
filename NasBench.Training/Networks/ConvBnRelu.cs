using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasBench.Training.Networks;

/// <summary>The reference's <c>conv_bn_relu</c>: k×k convolution without bias ("same" padding), batch norm, ReLU.</summary>
public sealed class ConvBnRelu : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;

    /// <summary>A bias-free convolution, batch norm (the reference's momentum and epsilon) and ReLU.</summary>
    public ConvBnRelu(int inChannels, int outChannels, int kernelSize, int stride = 1, double momentum = NetworkOptions.DefaultBatchNormMomentum)
        : base($"conv{kernelSize}x{kernelSize}-bn-relu")
    {
        conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: kernelSize / 2, bias: false);
        bn = nn.BatchNorm2d(outChannels, eps: NetworkOptions.BatchNormEpsilon, momentum: momentum);
        RegisterComponents();
    }

    /// <summary>Convolution, batch norm, ReLU.</summary>
    public override Tensor forward(Tensor input)
    {
        using var x = conv.call(input);
        using var y = bn.call(x);
        return nn.functional.relu(y);
    }
}
