using static TorchSharp.torch;

namespace NasBench.Training.Data;

/// <summary>
/// One split of an image dataset held once in memory as a uint8 tensor (N × C × H × W) plus int64 labels; batches
/// are gathered from it with <c>index_select</c>, so nothing is decoded or read from disk again per epoch.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    public ImageDataset(Tensor images, Tensor labels)
    {
        if (images.dtype != ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException("Images must be a uint8 tensor N × C × H × W.", nameof(images));
        }

        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException("Labels must be an int64 vector with one label per image.", nameof(labels));
        }

        Images = images;
        Labels = labels;
    }

    /// <summary>uint8, N × C × H × W.</summary>
    public Tensor Images { get; }

    /// <summary>int64, N.</summary>
    public Tensor Labels { get; }

    public int Count => (int)Images.shape[0];

    public int Channels => (int)Images.shape[1];

    public int Height => (int)Images.shape[2];

    public int Width => (int)Images.shape[3];

    /// <summary>The first <paramref name="count"/> images (a view, no copy), or this whole split when it has fewer.</summary>
    public ImageDataset Take(int count) =>
        count >= Count ? this : new ImageDataset(Images.narrow(0, 0, count), Labels.narrow(0, 0, count));

    /// <summary>Builds a split from raw bytes (row-major N × C × H × W) and labels.</summary>
    public static ImageDataset FromBytes(byte[] pixels, byte[] labels, int channels, int height, int width)
    {
        int n = labels.Length;
        if (pixels.Length != (long)n * channels * height * width)
        {
            throw new InvalidDataException($"{pixels.Length} pixel bytes do not make {n} images of {channels}×{height}×{width}.");
        }

        var images = tensor(pixels, [n, channels, height, width], ScalarType.Byte);
        var labelTensor = tensor(labels, [n], ScalarType.Byte).to_type(ScalarType.Int64);
        return new ImageDataset(images, labelTensor);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

/// <summary>The splits of a dataset: train, optional validation, test.</summary>
public sealed class DatasetSplits(string name, ImageDataset train, ImageDataset? validation, ImageDataset test, ImagePipeline pipeline) : IDisposable
{
    public string Name { get; } = name;

    public ImageDataset Train { get; } = train;

    public ImageDataset? Validation { get; } = validation;

    public ImageDataset Test { get; } = test;

    /// <summary>How batches become network input (padding, crops, flips, normalisation).</summary>
    public ImagePipeline Pipeline { get; } = pipeline;

    public int Classes { get; init; } = 10;

    /// <summary>The same data with at most the given numbers of train and evaluation images (views, no copies).</summary>
    public DatasetSplits Subset(int? trainImages, int? evaluationImages) => new(
        Name,
        trainImages is { } t ? Train.Take(t) : Train,
        Validation is null ? null : evaluationImages is { } v ? Validation.Take(v) : Validation,
        evaluationImages is { } e ? Test.Take(e) : Test,
        Pipeline)
    { Classes = Classes };

    public void Dispose()
    {
        Train.Dispose();
        Validation?.Dispose();
        Test.Dispose();
    }
}
