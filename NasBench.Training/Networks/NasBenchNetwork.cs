using NasBench.Core.SearchSpace;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Networks;

/// <summary>The NAS-Bench-101 network of a cell (the reference's <c>build_model_fn</c>).</summary>
/// <remarks>
/// <code>
/// [prefix] → stem conv3×3-BN-ReLU (stem channels)
/// for stack s: (s > 0: max-pool 2×2 stride 2, channels ×2); cells_per_stack × Cell(in → channels)
/// global average pool → dense (with bias) to classes
/// </code>
/// Every cell uses the same pruned spec. Max-pooling rounds up (TensorFlow's "same") for odd sizes.
/// </remarks>
public sealed class NasBenchNetwork : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> prefix;
    private readonly nn.Module<Tensor, Tensor> stem;
    private readonly nn.Module<Tensor, Tensor> stacks;
    private readonly nn.Module<Tensor, Tensor> dense;

    /// <summary>
    /// The network of a spec: stem, stacks of cells with downsampling between them, global pooling, dense layer (NAS-Bench-101's shape by default).
    /// </summary>
    public NasBenchNetwork(ModelSpec spec, NetworkOptions? options = null)
        : base("nasbench101")
    {
        ArgumentNullException.ThrowIfNull(spec);
        Options = options ??= NetworkOptions.NasBench101;
        Options.Shape.Validate();
        Spec = spec;
        var prefixLayers = new List<nn.Module<Tensor, Tensor>>();
        if (options.Prefix == NetworkPrefix.Imagenette)
        {
            int c = options.InputChannels;
            foreach (int next in NetworkOptions.ImagenettePrefixChannels)
            {
                prefixLayers.Add(new ConvBnRelu(c, next, 3, stride: 2, momentum: options.BatchNormMomentum, batchNorm: options.BatchNorm));
                c = next;
            }
        }

        prefix = nn.Sequential(prefixLayers);
        stem = new ConvBnRelu(options.StemInputChannels, options.StemChannels, 3, momentum: options.BatchNormMomentum, batchNorm: options.BatchNorm);
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int channels = options.StemChannels;
        for (int s = 0; s < options.Stacks; s++)
        {
            if (s > 0)
            {
                layers.Add(nn.MaxPool2d(2, stride: 2, ceil_mode: true));
                channels *= 2;
            }

            for (int m = 0; m < options.CellsPerStack; m++)
            {
                layers.Add(new Cell(spec.Cell, m == 0 && s > 0 ? channels / 2 : channels, channels, options.BatchNormMomentum, options.BatchNorm));
            }
        }

        stacks = nn.Sequential(layers);
        dense = nn.Linear(channels, options.Classes);
        RegisterComponents();
    }

    /// <summary>The network's shape (stem channels, stacks, cells per stack, input channels, classes, prefix).</summary>
    public NetworkOptions Options { get; }

    /// <summary>The cell repeated in every stack.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Trainable parameters counted from the module (should equal <see cref="NetworkOptions.ExpectedParameters"/>).</summary>
    public long TrainableParameterCount => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>Logits per image for a batch N × C × H × W.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = prefix.call(input);      // N × C × H × W (Imagenette: H/4)
        x = stem.call(x);                // N × stem × H × W
        x = stacks.call(x);              // N × 4·stem × H/4 × W/4
        x = x.mean([2L, 3L]);            // N × 4·stem
        return dense.call(x).MoveToOuterDisposeScope(); // N × classes
    }
}
