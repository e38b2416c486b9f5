using System.Formats.Tar;
using System.IO.Compression;
using NasBench.Training.Data;
using static TorchSharp.torch;

namespace NasBench.Training.Tests.Data;

public sealed class Cifar10Tests : IDisposable
{
    private const int PerBatch = 12;
    private readonly string root = Directory.CreateTempSubdirectory("nasbench-cifar-").FullName;

    /// <summary>Record r of batch b: label (b + r) % 10; pixel (c, y, x) = (b·31 + r·7 + c·50 + y + x) % 256.</summary>
    private static byte[] Batch(int b)
    {
        var bytes = new byte[PerBatch * Cifar10.RecordBytes];
        for (int r = 0; r < PerBatch; r++)
        {
            int o = r * Cifar10.RecordBytes;
            bytes[o] = (byte)((b + r) % 10);
            for (int c = 0; c < 3; c++)
            {
                for (int p = 0; p < 1024; p++)
                {
                    bytes[o + 1 + (c * 1024) + p] = (byte)(((b * 31) + (r * 7) + (c * 50) + (p / 32) + (p % 32)) % 256);
                }
            }
        }

        return bytes;
    }

    private static readonly string[] Names = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];

    private string WriteArchive() => WriteArchive(root);

    /// <summary>A cifar-10-binary.tar.gz with 12 records per batch file, in the official layout.</summary>
    internal static string WriteArchive(string root)
    {
        var path = Path.Combine(root, Cifar10.ArchiveName);
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Gnu);
        tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, Cifar10.FolderName + "/"));
        for (int b = 0; b < Names.Length; b++)
        {
            tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, $"{Cifar10.FolderName}/{Names[b]}") { DataStream = new MemoryStream(Batch(b)) });
        }

        tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, $"{Cifar10.FolderName}/batches.meta.txt") { DataStream = new MemoryStream("airplane\n"u8.ToArray()) });
        return path;
    }

    private static void AssertSplits(DatasetSplits data)
    {
        Assert.Equal(4 * PerBatch, data.Train.Count);
        Assert.Equal(PerBatch, data.Validation!.Count);
        Assert.Equal(PerBatch, data.Test.Count);
        Assert.Equal(new long[] { 4 * PerBatch, 3, 32, 32 }, data.Train.Images.shape);
        // Train record 13 = batch 1 (data_batch_2), record 1; validation = data_batch_5 (b = 4); test = b = 5.
        Assert.Equal((1 + 1) % 10, data.Train.Labels[13].item<long>());
        Assert.Equal(((31 + 7 + 100 + 3 + 5) % 256), data.Train.Images[13, 2, 3, 5].item<byte>());
        Assert.Equal((4 + 2) % 10, data.Validation.Labels[2].item<long>());
        Assert.Equal(((4 * 31) + 14 + 50 + 31) % 256, data.Validation.Images[2, 1, 31, 0].item<byte>());
        Assert.Equal((5 + 11) % 10, data.Test.Labels[11].item<long>());
    }

    [Fact]
    public void Load_ReadsTheBinaryLayoutFromTheTarGz_WithTheNasBenchSplit() => AssertSplits(Cifar10.Load(WriteArchive()));

    [Fact]
    public void Load_ReadsTheExtractedFolder()
    {
        var archive = WriteArchive();
        var extracted = Path.Combine(root, "x");
        Directory.CreateDirectory(extracted);
        using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gzip, extracted, false);
        }

        AssertSplits(Cifar10.Load(extracted));
        File.Delete(Path.Combine(extracted, Cifar10.FolderName, "test_batch.bin"));
        var error = Assert.Throws<FileNotFoundException>(() => Cifar10.Load(extracted));
        Assert.Contains("test_batch.bin", error.Message);
    }

    [Fact]
    public void Pipeline_NormalisesPerChannel_AndAugmentsWithPadCropFlip()
    {
        using var data = Cifar10.Load(WriteArchive());
        var batch = data.Train.Images.narrow(0, 0, 8);
        using var evaluation = Cifar10.Pipeline.Prepare(batch, CPU, null);
        Assert.Equal(new long[] { 8, 3, 32, 32 }, evaluation.shape);
        Assert.Equal((data.Train.Images[0, 0, 0, 0].item<byte>() - 125.31) / 62.99, evaluation[0, 0, 0, 0].item<float>(), 4);
        using var augmented = Cifar10.Pipeline.Prepare(batch, CPU, new Random(5));
        Assert.Equal(new long[] { 8, 3, 32, 32 }, augmented.shape);
        Assert.False(evaluation.allclose(augmented));
        // Zero padding (pixel 0) appears as −mean/std in shifted crops.
        Assert.Equal(-125.31 / 62.99, augmented.select(1, 0).min().item<float>(), 4);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
