using NasBench.Training.Data;
using static TorchSharp.torch;

namespace NasBench.Training.Proxies;

/// <summary>The one batch the data-dependent proxies see: normalised images (N × C × H × W, float32) and int64 labels.</summary>
public sealed class ProxyBatch : IDisposable
{
    /// <summary>Takes ownership of the two tensors.</summary>
    public ProxyBatch(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.dim() != 4 || targets.dim() != 1 || targets.shape[0] != inputs.shape[0])
        {
            throw new ArgumentException("A proxy batch is N × C × H × W images and N labels.");
        }

        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>Images, N × C × H × W.</summary>
    public Tensor Inputs { get; }

    /// <summary>Labels, N.</summary>
    public Tensor Targets { get; }

    /// <summary>Images in the batch.</summary>
    public int Count => (int)Inputs.shape[0];

    /// <summary><paramref name="size"/> training images drawn without replacement by <paramref name="seed"/>, through the dataset's evaluation pipeline (no augmentation).</summary>
    public static ProxyBatch FromDataset(DatasetSplits data, int size, int seed, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = Math.Min(size, data.Train.Count);
        var order = Enumerable.Range(0, data.Train.Count).ToArray();
        new Random(seed).Shuffle(order);
        using var index = tensor(order[..n].Select(i => (long)i).ToArray());
        using var images = data.Train.Images.index_select(0, index);
        var labels = data.Train.Labels.index_select(0, index).to(device ?? CPU);
        return new ProxyBatch(data.Pipeline.Prepare(images, device ?? CPU, random: null), labels);
    }

    /// <summary>Standard-normal images and uniform labels from <paramref name="seed"/> (zero-cost-nas's "random" data load, for tests).</summary>
    public static ProxyBatch Gaussian(int size, int channels, int side, int classes, int seed, Device? device = null)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var inputs = randn([size, channels, side, side], generator: generator, device: device);
        var targets = randint(0, classes, [size], dtype: ScalarType.Int64, generator: generator, device: device);
        return new ProxyBatch(inputs, targets);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
