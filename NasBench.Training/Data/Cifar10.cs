using System.Formats.Tar;
using System.IO.Compression;
using NasBench.Core.Benchmark.Download;

namespace NasBench.Training.Data;

/// <summary>
/// CIFAR-10, binary version: <c>cifar-10-binary.tar.gz</c> read in place, or its extracted
/// <c>cifar-10-batches-bin/</c> folder. Each record is 1 label byte + 3,072 pixel bytes (1,024 R, then G, then B,
/// row-major 32×32). The NAS-Bench-101 split: data_batch_1..4 train (40k), data_batch_5 validation, test_batch test.
/// </summary>
public static class Cifar10
{
    /// <summary>The dataset's name in <c>--dataset</c> and the catalog.</summary>
    public const string Name = "cifar10";

    /// <summary>The binary-version archive from the CIFAR-10 site.</summary>
    public const string ArchiveName = "cifar-10-binary.tar.gz";

    /// <summary>The folder the archive extracts to.</summary>
    public const string FolderName = "cifar-10-batches-bin";

    /// <summary>Bytes per image in the binary batches: the label, then 3 × 32 × 32 pixels.</summary>
    public const int RecordBytes = 1 + (3 * 32 * 32);

    /// <summary>Where the archive is downloaded from, with its MD5.</summary>
    public static DatasetSource Archive { get; } = new(Name, new Uri("https://www.cs.toronto.edu/~kriz/" + ArchiveName), Md5: "c32a1d4ab5d03f1284b67883e8d87530");

    /// <summary>NAS-Bench-101's augmentation (pad 4, random 32×32 crop, flip) and per-channel normalisation (0–255 scale).</summary>
    public static ImagePipeline Pipeline { get; } = new([125.31, 122.95, 113.87], [62.99, 62.09, 66.70], CropPadding: 4, Flip: true);

    /// <summary>Loads from a directory holding the archive, the extracted folder, or the batch files themselves.</summary>
    public static DatasetSplits Load(string path)
    {
        var batches = File.Exists(path) ? ReadArchive(path) : ReadDirectory(path);
        ImageDataset Split(params string[] names)
        {
            var missing = names.Where(n => !batches.ContainsKey(n)).ToList();
            if (missing.Count > 0)
            {
                throw new FileNotFoundException($"CIFAR-10 batch file(s) {string.Join(", ", missing)} not found under {path}.");
            }

            return Decode(names.Select(n => batches[n]).ToList());
        }

        return DatasetSplits.Create(Name, () => Split("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin"),
            () => Split("data_batch_5.bin"), () => Split("test_batch.bin"), Pipeline);
    }

    private static Dictionary<string, byte[]> ReadDirectory(string directory)
    {
        var archive = Path.Combine(directory, ArchiveName);
        var folder = Path.Combine(directory, FolderName);
        if (!Directory.Exists(folder) && File.Exists(archive))
        {
            return ReadArchive(archive);
        }

        var root = Directory.Exists(folder) ? folder : directory;
        return Directory.EnumerateFiles(root, "*.bin").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
    }

    /// <summary>Reads the batch files straight out of the gzipped tar, without extracting to disk.</summary>
    private static Dictionary<string, byte[]> ReadArchive(string archive)
    {
        var batches = new Dictionary<string, byte[]>();
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.Name.EndsWith(".bin", StringComparison.Ordinal) && entry.DataStream is { } data)
            {
                using var memory = new MemoryStream();
                data.CopyTo(memory);
                batches[Path.GetFileName(entry.Name)] = memory.ToArray();
            }
        }

        return batches;
    }

    private static ImageDataset Decode(List<byte[]> batches)
    {
        foreach (var batch in batches.Where(b => b.Length % RecordBytes != 0))
        {
            throw new InvalidDataException($"A CIFAR-10 batch file has {batch.Length} bytes, not a multiple of the {RecordBytes}-byte record.");
        }

        int n = batches.Sum(b => b.Length / RecordBytes);
        var pixels = new byte[n * (RecordBytes - 1)];
        var labels = new byte[n];
        int i = 0;
        foreach (var batch in batches)
        {
            for (int offset = 0; offset < batch.Length; offset += RecordBytes, i++)
            {
                labels[i] = batch[offset];
                if (labels[i] > 9)
                {
                    throw new InvalidDataException($"CIFAR-10 record {i} has label {labels[i]}; labels are 0–9.");
                }

                Buffer.BlockCopy(batch, offset + 1, pixels, i * (RecordBytes - 1), RecordBytes - 1);
            }
        }

        return ImageDataset.FromBytes(pixels, labels, 3, 32, 32);
    }
}
