using System.IO.Compression;
using NasBench.Core.Benchmark.Download;

namespace NasBench.Training.Data;

/// <summary>
/// FashionMNIST from its IDX files (<c>train-images-idx3-ubyte.gz</c> etc., gzipped or not): 60k train, 10k test,
/// 28×28 grey images padded to 32×32 as the seed paper did. No validation split.
/// </summary>
public static class FashionMnist
{
    /// <summary>The dataset's name in <c>--dataset</c> and the catalog.</summary>
    public const string Name = "fashion-mnist";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Where the four IDX files are downloaded from.</summary>
    public const string BaseUrl = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /// <summary>The four files with the MD5 sums published in the FashionMNIST README.</summary>
    public static IReadOnlyList<DatasetSource> Files { get; } =
    [
        new(Name, new Uri(BaseUrl + "train-images-idx3-ubyte.gz"), Md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        new(Name, new Uri(BaseUrl + "train-labels-idx1-ubyte.gz"), Md5: "25c81989df183df01b3e8a0aad5dffbe"),
        new(Name, new Uri(BaseUrl + "t10k-images-idx3-ubyte.gz"), Md5: "bef4ecab320f06d8554ea6380940ec79"),
        new(Name, new Uri(BaseUrl + "t10k-labels-idx1-ubyte.gz"), Md5: "bb300cfdad3c16e7a12a480ee83cd310"),
    ];

    /// <summary>Normalisation on the 0–255 scale (FashionMNIST training-set mean and std); no augmentation.</summary>
    public static ImagePipeline Pipeline { get; } = new([72.94], [90.02], Padding: 2);

    /// <summary>Reads the four IDX files from <paramref name="directory"/>.</summary>
    public static DatasetSplits Load(string directory)
    {
        return DatasetSplits.Create(Name, () => Read(directory, "train"), () => null, () => Read(directory, "t10k"), Pipeline);
    }

    private static ImageDataset Read(string directory, string prefix)
    {
        var (images, rows, cols, n) = ReadIdx(Find(directory, $"{prefix}-images-idx3-ubyte"), 0x803);
        var (labels, _, _, m) = ReadIdx(Find(directory, $"{prefix}-labels-idx1-ubyte"), 0x801);
        if (n != m)
        {
            throw new InvalidDataException($"{prefix}: {n} images but {m} labels.");
        }

        return ImageDataset.FromBytes(images, labels, 1, rows, cols);
    }

    private static string Find(string directory, string stem)
    {
        foreach (var name in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx", StringComparison.Ordinal) })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"FashionMNIST file {stem}.gz not found in {directory}.");
    }

    /// <summary>Reads an IDX file: big-endian magic (0x801 labels, 0x803 images), dimensions, then the bytes.</summary>
    internal static (byte[] Data, int Rows, int Cols, int Count) ReadIdx(string path, int magic)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new BinaryReader(stream);
        int actual = ReadBigEndian(reader);
        if (actual != magic)
        {
            throw new InvalidDataException($"{path}: IDX magic 0x{actual:x} where 0x{magic:x} was expected.");
        }

        int count = ReadBigEndian(reader);
        int rows = magic == 0x803 ? ReadBigEndian(reader) : 1;
        int cols = magic == 0x803 ? ReadBigEndian(reader) : 1;
        var data = reader.ReadBytes(count * rows * cols);
        if (data.Length != count * rows * cols)
        {
            throw new InvalidDataException($"{path}: truncated ({data.Length} of {count * rows * cols} bytes).");
        }

        return (data, rows, cols, count);
    }

    private static int ReadBigEndian(BinaryReader reader) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(reader.ReadBytes(4));
}
