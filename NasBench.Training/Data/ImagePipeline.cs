using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Data;

/// <summary>How a uint8 batch becomes network input; augmentation runs on the whole batch, after gathering.</summary>
/// <param name="Mean">Per-channel mean on the 0–255 scale.</param>
/// <param name="Std">Per-channel standard deviation on the 0–255 scale.</param>
/// <param name="Padding">Zero padding (pixel value 0) on every side, in training and evaluation (FashionMNIST: 2, 28 → 32). The default value is 0.</param>
/// <param name="CropPadding">Extra zero padding before the random training crop (CIFAR-10: 4). The default value is 0.</param>
/// <param name="CropSize">Side of the crop: random in training, centred in evaluation; 0 keeps the stored size. The default value is 0.</param>
/// <param name="Flip">Random horizontal flips in training. The default value is false.</param>
public sealed record ImagePipeline(double[] Mean, double[] Std, int Padding = 0, int CropPadding = 0, int CropSize = 0, bool Flip = false)
{
    /// <summary>Side of the images the network sees, given the stored side.</summary>
    public int OutputSize(int storedSize) => CropSize > 0 ? CropSize : storedSize + (2 * Padding);

    /// <summary>
    /// Converts a uint8 batch (N × C × S × S) to normalised float32 on <paramref name="device"/>. With
    /// <paramref name="random"/> (training), crops at random offsets and flips with probability ½; without it
    /// (evaluation), takes the centre crop.
    /// </summary>
    public Tensor Prepare(Tensor batch, Device device, Random? random)
    {
        using var scope = NewDisposeScope();
        var x = batch.to(device).to_type(ScalarType.Float32);
        if (Padding > 0)
        {
            x = nn.functional.pad(x, [Padding, Padding, Padding, Padding]);
        }

        x = random is null ? CentreCrop(x) : RandomCropFlip(x, random);
        int c = (int)x.shape[1];
        using var mean = tensor(Mean.Take(c).Select(v => (float)v).ToArray(), [1, c, 1, 1], device: device);
        using var std = tensor(Std.Take(c).Select(v => (float)v).ToArray(), [1, c, 1, 1], device: device);
        return ((x - mean) / std).MoveToOuterDisposeScope();
    }

    private Tensor CentreCrop(Tensor x)
    {
        int size = (int)x.shape[2];
        if (CropSize <= 0 || CropSize >= size)
        {
            return x;
        }

        int offset = (size - CropSize) / 2;
        return x.narrow(2, offset, CropSize).narrow(3, offset, CropSize);
    }

    private Tensor RandomCropFlip(Tensor x, Random random)
    {
        if (CropPadding > 0)
        {
            x = nn.functional.pad(x, [CropPadding, CropPadding, CropPadding, CropPadding]);
        }

        int size = (int)x.shape[2];
        int crop = CropSize > 0 ? CropSize : size - (2 * CropPadding);
        int range = size - crop;
        if (range == 0 && !Flip)
        {
            return x;
        }

        var images = new Tensor[x.shape[0]];
        for (int i = 0; i < images.Length; i++)
        {
            int dy = random.Next(range + 1), dx = random.Next(range + 1);
            var image = x[i].narrow(1, dy, crop).narrow(2, dx, crop);
            images[i] = Flip && random.Next(2) == 1 ? image.flip(2) : image;
        }

        return stack(images);
    }
}
