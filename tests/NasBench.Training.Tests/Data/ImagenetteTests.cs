using NasBench.Training.Data;
using SkiaSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Tests.Data;

public sealed class ImagenetteTests : IDisposable
{
    private static readonly string[] Classes = ["n01440764", "n02102040", "n02979186"];
    private static readonly SKColor[] Colours = [new(220, 30, 30), new(30, 200, 40), new(20, 40, 230)];
    private readonly string root = Directory.CreateTempSubdirectory("nasbench-imagenette-").FullName;

    private string WriteFolder() => WriteFolder(root);

    /// <summary>A small ImageFolder as in imagenette2-160: train/ and val/, one folder per wnid, real JPEG files.</summary>
    internal static string WriteFolder(string root)
    {
        var top = Path.Combine(root, "imagenette2-160");
        foreach (var (split, count) in new[] { ("train", 3), ("val", 2) })
        {
            for (int c = 0; c < Classes.Length; c++)
            {
                var dir = Directory.CreateDirectory(Path.Combine(top, split, Classes[c])).FullName;
                for (int i = 0; i < count; i++)
                {
                    // Landscape and portrait images with the shorter side 160 (as the archive) or larger.
                    var (w, h) = i % 2 == 0 ? (213, 160) : (160, 240);
                    using var bitmap = new SKBitmap(w, h);
                    bitmap.Erase(Colours[c]);
                    using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
                    File.WriteAllBytes(Path.Combine(dir, $"{Classes[c]}_{i}.JPEG"), data.ToArray());
                }
            }
        }

        return root;
    }

    [Fact]
    public void Load_DecodesTheImageFolder_ToSquareRgbPlanes_WithSortedClassLabels()
    {
        using var data = Imagenette.Load(WriteFolder());
        Assert.Equal(3, data.Classes);
        Assert.Equal(9, data.Train.Count);
        Assert.Equal(6, data.Test.Count);
        Assert.Null(data.Validation);
        Assert.Equal(new long[] { 9, 3, 160, 160 }, data.Train.Images.shape);
        for (int i = 0; i < 9; i++)
        {
            int c = (int)data.Train.Labels[i].item<long>();
            Assert.Equal(i / 3, c);
            Assert.InRange(data.Train.Images[i, 0, 80, 80].item<byte>(), Colours[c].Red - 6, Colours[c].Red + 6);
            Assert.InRange(data.Train.Images[i, 1, 10, 150].item<byte>(), Colours[c].Green - 6, Colours[c].Green + 6);
            Assert.InRange(data.Train.Images[i, 2, 150, 3].item<byte>(), Colours[c].Blue - 6, Colours[c].Blue + 6);
        }
    }

    [Fact]
    public void Pipeline_Crops150_RandomlyInTraining_CentredInEvaluation()
    {
        using var data = Imagenette.Load(WriteFolder());
        using var train = data.Pipeline.Prepare(data.Train.Images, CPU, new Random(1));
        using var test = data.Pipeline.Prepare(data.Test.Images, CPU, null);
        Assert.Equal(new long[] { 9, 3, 150, 150 }, train.shape);
        Assert.Equal(new long[] { 6, 3, 150, 150 }, test.shape);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
