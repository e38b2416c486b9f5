using NasBench.Training.Data;
using static TorchSharp.torch;

namespace NasBench.Training.Tests.Data;

public class FashionMnistTests
{
    [Fact]
    public void Load_ReadsTheDebianIdxFiles_AndPadsTo32()
    {
        using var data = FashionMnist.Load(FashionMnist.DebianDirectory);
        Assert.Equal(new long[] { 60000, 1, 28, 28 }, data.Train.Images.shape);
        Assert.Equal(new long[] { 10000, 1, 28, 28 }, data.Test.Images.shape);
        // Every class 0..9 appears 6,000 times in the training set.
        using var counts = data.Train.Labels.bincount(null, 10);
        Assert.All(counts.data<long>().ToArray(), c => Assert.Equal(6000, c));
        using var x = data.Pipeline.Prepare(data.Test.Images.narrow(0, 0, 4), CPU, null);
        Assert.Equal(new long[] { 4, 1, 32, 32 }, x.shape);
        Assert.Equal(-72.94 / 90.02, x[0, 0, 0, 0].item<float>(), 4);
    }

    [Fact]
    public void Load_NamesTheMissingFile()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(Path.GetTempPath()));
        Assert.Contains("train-images-idx3-ubyte", error.Message);
    }
}
