using System.Formats.Tar;
using System.IO.Compression;
using NasBench.Core.Benchmark.Download;
using SkiaSharp;

namespace NasBench.Training.Data;

/// <summary>
/// Imagenette in the ImageFolder layout of the official <c>imagenette2-160</c> / <c>imagenette-160</c> archives
/// (<c>train/&lt;wnid&gt;/*.JPEG</c>, <c>val/&lt;wnid&gt;/*.JPEG</c>; classes are the sorted folder names), decoded
/// with SkiaSharp. Each image is resized so its shorter side is <see cref="StoredSize"/> and centre-cropped to a
/// square, then kept once in memory; training takes random 150 px crops with flips, evaluation the centre crop,
/// both with the CIFAR normalisation, as the seed paper did. The val folder is the test split (no validation).
/// </summary>
public static class Imagenette
{
    /// <summary>The dataset's name in <c>--dataset</c> and the catalog.</summary>
    public const string Name = "imagenette";

    /// <summary>The short side of the 160-pixel archive's images.</summary>
    public const int StoredSize = 160;

    /// <summary>The square crop the network sees (random in training, centred in evaluation).</summary>
    public const int CropSize = 150;

    /// <summary>The official archive (its publisher gives no checksum, so none is checked).</summary>
    public static DatasetSource Archive { get; } = new(Name, new Uri("https://s3.amazonaws.com/fast-ai-imageclas/imagenette2-160.tgz"));

    /// <summary>CIFAR-10's normalisation with a 150-pixel crop and no padding.</summary>
    public static ImagePipeline Pipeline { get; } = Cifar10.Pipeline with { CropPadding = 0, CropSize = CropSize };

    /// <summary>Loads from the extracted folder (holding train/ and val/), its parent, or the .tgz archive (extracted next to it).</summary>
    public static DatasetSplits Load(string path, int? maxImagesPerClass = null)
    {
        var root = FindRoot(path);
        var classes = Directory.GetDirectories(Path.Combine(root, "train")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2)
        {
            throw new InvalidDataException($"{root}/train must hold one folder per class; found {classes.Length}.");
        }

        return DatasetSplits.Create(Name, () => ReadSplit(Path.Combine(root, "train"), classes, maxImagesPerClass), () => null,
            () => ReadSplit(Path.Combine(root, "val"), classes, maxImagesPerClass), Pipeline, classes.Length);
    }

    private static string FindRoot(string path)
    {
        if (File.Exists(path))
        {
            var target = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "extracted");
            if (!Directory.Exists(target))
            {
                Directory.CreateDirectory(target);
                using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
                TarFile.ExtractToDirectory(gzip, target, overwriteFiles: true);
            }

            path = target;
        }

        foreach (var candidate in new[] { path, Path.Combine(path, "imagenette2-160"), Path.Combine(path, "imagenette-160") })
        {
            if (Directory.Exists(Path.Combine(candidate, "train")) && Directory.Exists(Path.Combine(candidate, "val")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No Imagenette folder (with train/ and val/) at {path}.");
    }

    private static ImageDataset ReadSplit(string folder, string[] classes, int? maxPerClass)
    {
        var files = new List<(string Path, byte Label)>();
        for (int c = 0; c < classes.Length; c++)
        {
            var dir = Path.Combine(folder, classes[c]);
            var images = Directory.Exists(dir) ? Directory.GetFiles(dir).Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
            files.AddRange(images.Take(maxPerClass ?? int.MaxValue).Select(f => (f, (byte)c)));
        }

        const int plane = StoredSize * StoredSize;
        var pixels = new byte[files.Count * 3 * plane];
        Parallel.For(0, files.Count, i => DecodeInto(files[i].Path, pixels.AsSpan(i * 3 * plane, 3 * plane)));
        return ImageDataset.FromBytes(pixels, files.Select(f => f.Label).ToArray(), 3, StoredSize, StoredSize);
    }

    /// <summary>Decodes one JPEG, resizes the shorter side to <see cref="StoredSize"/>, centre-crops, writes R, G, B planes.</summary>
    internal static void DecodeInto(string path, Span<byte> planes)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not an image SkiaSharp can decode.");
        double scale = (double)StoredSize / Math.Min(decoded.Width, decoded.Height);
        int w = Math.Max(StoredSize, (int)Math.Round(decoded.Width * scale)), h = Math.Max(StoredSize, (int)Math.Round(decoded.Height * scale));
        using var resized = decoded.Resize(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidDataException($"{path} could not be resized.");
        int x0 = (w - StoredSize) / 2, y0 = (h - StoredSize) / 2;
        var rgba = resized.GetPixelSpan();
        const int plane = StoredSize * StoredSize;
        for (int y = 0; y < StoredSize; y++)
        {
            for (int x = 0; x < StoredSize; x++)
            {
                int src = (((y + y0) * w) + x + x0) * 4, dst = (y * StoredSize) + x;
                planes[dst] = rgba[src];
                planes[plane + dst] = rgba[src + 1];
                planes[(2 * plane) + dst] = rgba[src + 2];
            }
        }
    }
}
