using NasBench.Core.SearchSpace;

namespace NasBench.Training.Networks;

/// <summary>What comes before the stem.</summary>
public enum NetworkPrefix
{
    /// <summary>Nothing: the NAS-Bench-101 network as in the table.</summary>
    None,

    /// <summary>
    /// The seed paper's Imagenette variant ("a small convolutional prefix before a narrower network"): two 3×3
    /// conv-BN-ReLU layers with stride 2 (to 16, then 32 channels) shrink a 150 px crop to 38 px, so the NAS-Bench-101
    /// stacks see CIFAR-like resolutions (38 → 19 → 10). Use it with a stem of 32 channels.
    /// </summary>
    Imagenette,
}

/// <summary>The shape of a NAS-Bench-101 network built in TorchSharp.</summary>
/// <param name="StemChannels">Output channels of the 3×3 stem convolution. The default value is 128.</param>
/// <param name="Stacks">Stacks of cells, with a 2×2 max-pool and channel doubling before every stack but the first. The default value is 3.</param>
/// <param name="CellsPerStack">Cells per stack. The default value is 3.</param>
/// <param name="InputChannels">Image channels (3 for CIFAR-10 and Imagenette, 1 for FashionMNIST). The default value is 3.</param>
/// <param name="Classes">Output classes. The default value is 10.</param>
/// <param name="Prefix">Layers before the stem. The default value is <see cref="NetworkPrefix.None"/>.</param>
/// <param name="BatchNormMomentum">
/// Batch-norm momentum in TorchSharp terms; TensorFlow's decay 0.997 is 1 − 0.003. Running statistics then need
/// thousands of steps to settle, so trainings of a few dozen steps (tests, quick looks) should raise it (e.g. 0.1)
/// or their evaluation-mode accuracy stays at chance. The default value is 0.003.
/// </param>
public sealed record NetworkOptions(
    int StemChannels = NetworkShape.DefaultStemChannels,
    int Stacks = NetworkShape.DefaultStacks,
    int CellsPerStack = NetworkShape.DefaultCellsPerStack,
    int InputChannels = NetworkShape.DefaultInputChannels,
    int Classes = NetworkShape.DefaultClasses,
    NetworkPrefix Prefix = NetworkPrefix.None,
    double BatchNormMomentum = NetworkOptions.DefaultBatchNormMomentum)
{
    /// <summary>Batch-norm momentum of the reference in TorchSharp terms (TensorFlow's decay 0.997 is 1 − 0.003).</summary>
    public const double DefaultBatchNormMomentum = 0.003;

    /// <summary>Batch-norm epsilon of the reference.</summary>
    public const double BatchNormEpsilon = 1e-5;

    /// <summary>Channels of the two prefix convolutions of <see cref="NetworkPrefix.Imagenette"/>.</summary>
    public static IReadOnlyList<int> ImagenettePrefixChannels { get; } = [16, 32];

    /// <summary>Batch norm after every convolution; false builds synflow's copy without it. The default value is true.</summary>
    public bool BatchNorm { get; init; } = true;

    /// <summary>The network of the NAS-Bench-101 table (CIFAR-10).</summary>
    public static NetworkOptions NasBench101 { get; } = new();

    /// <summary>Channels entering the stem (after the prefix, if any).</summary>
    public int StemInputChannels => Prefix == NetworkPrefix.Imagenette ? ImagenettePrefixChannels[^1] : InputChannels;

    /// <summary>The Core shape of the part after the prefix, for <see cref="TrainableParameters.Count"/>.</summary>
    public NetworkShape Shape => new(StemChannels, Stacks, CellsPerStack, StemInputChannels, Classes);

    /// <summary>Trainable parameters by Core's formula, the prefix included.</summary>
    public long ExpectedParameters(CellKey cell)
    {
        long total = TrainableParameters.Count(cell, Shape);
        if (Prefix == NetworkPrefix.Imagenette)
        {
            int channels = InputChannels;
            foreach (int c in ImagenettePrefixChannels)
            {
                total += (9L * channels * c) + (2L * c);
                channels = c;
            }
        }

        return total;
    }
}
