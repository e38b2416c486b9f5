using static TorchSharp.torch;

namespace NasBench.Training.Data;

/// <summary>
/// One split of an image dataset held once in memory as a uint8 tensor (N × C × H × W) plus int64 labels; batches
/// are gathered from it with <c>index_select</c>, so nothing is decoded or read from disk again per epoch.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Takes ownership of uint8 images (N × C × H × W) and int64 labels (N).</summary>
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

    /// <summary>The number of images.</summary>
    public int Count => (int)Images.shape[0];

    /// <summary>Channels per image (1 for FashionMNIST, 3 for CIFAR-10 and Imagenette).</summary>
    public int Channels => (int)Images.shape[1];

    /// <summary>Image height in pixels.</summary>
    public int Height => (int)Images.shape[2];

    /// <summary>Image width in pixels.</summary>
    public int Width => (int)Images.shape[3];

    /// <summary>
    /// The first <paramref name="count"/> images (all of them when the split has fewer) as a view: no copy, but its
    /// own tensor handles, so the caller disposes it independently of this split.
    /// </summary>
    public ImageDataset Take(int count)
    {
        int n = Math.Min(count, Count);
        return new ImageDataset(Images.narrow(0, 0, n), Labels.narrow(0, 0, n));
    }

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

    /// <summary>Frees the two tensors (native memory).</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

/// <summary>The splits of a dataset: train, optional validation, test.</summary>
public sealed class DatasetSplits(string name, ImageDataset train, ImageDataset? validation, ImageDataset test, ImagePipeline pipeline) : IDisposable
{
    /// <summary>The dataset's catalog name.</summary>
    public string Name { get; } = name;

    /// <summary>The training images.</summary>
    public ImageDataset Train { get; } = train;

    /// <summary>The validation images (CIFAR-10's fifth batch, as NAS-Bench-101 holds it out), or null.</summary>
    public ImageDataset? Validation { get; } = validation;

    /// <summary>The test images.</summary>
    public ImageDataset Test { get; } = test;

    /// <summary>How batches become network input (padding, crops, flips, normalisation).</summary>
    public ImagePipeline Pipeline { get; } = pipeline;

    /// <summary>The number of classes: the network's output width.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>The same data with at most the given numbers of train and evaluation images (views, no copies).</summary>
    /// <remarks>The subset owns its views: dispose it as well as this instance.</remarks>
    public DatasetSplits Subset(int? trainImages, int? evaluationImages) => Create(
        Name,
        () => Train.Take(trainImages ?? Train.Count),
        () => Validation?.Take(evaluationImages ?? Validation.Count),
        () => Test.Take(evaluationImages ?? Test.Count),
        Pipeline,
        Classes);

    /// <summary>
    /// Reads the splits one after the other; when a later one fails, the ones already read are disposed (the tensors
    /// are native memory the GC does not see).
    /// </summary>
    public static DatasetSplits Create(string name, Func<ImageDataset> train, Func<ImageDataset?> validation, Func<ImageDataset> test,
        ImagePipeline pipeline, int classes = 10)
    {
        ImageDataset? trainSplit = null, validationSplit = null, testSplit = null;
        try
        {
            trainSplit = train();
            validationSplit = validation();
            testSplit = test();
            var splits = new DatasetSplits(name, trainSplit, validationSplit, testSplit, pipeline) { Classes = classes };
            trainSplit = validationSplit = testSplit = null;
            return splits;
        }
        finally
        {
            trainSplit?.Dispose();
            validationSplit?.Dispose();
            testSplit?.Dispose();
        }
    }

    /// <summary>Frees the splits' tensors.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Validation?.Dispose();
        Test.Dispose();
    }
}
