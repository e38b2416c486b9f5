namespace NasBench.Cli.Tests;

/// <summary>
/// `study transfer` end to end on real inputs: the 30-model records → tfrecord → store, three cells trained tiny on
/// real FashionMNIST (about 3 s), correlated with their CIFAR-10 accuracies from the store.
/// </summary>
[Collection(nameof(TorchSharpCollection))]
public sealed class TransferStudyCliTests : IDisposable
{
    private readonly string _dir = CliRunner.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> RealStoreAsync()
    {
        string file = Path.Combine(_dir, "real30.tfrecord"), store = Path.Combine(_dir, "real30.nbstore");
        var (code, _, error) = await CliRunner.RunAsync("data", "from-csv", SearchCliRun.RealData("records_30_models_108.csv"), "--out", file);
        Assert.True(code == 0, error);
        (code, _, error) = await CliRunner.RunAsync("data", "import", file, "--store", store);
        Assert.True(code == 0, error);
        return store;
    }

    private string[] Tiny(string store, int cells) =>
    [
        "study", "transfer", "--cells", $"{cells}", "--store", store, "--out", Path.Combine(_dir, "out"),
        "--dataset", "fashion-mnist", "--data-dir", "/usr/share/datasets/fashion-mnist", "--stem-channels", "8", "--cells-per-stack", "1",
        "--train-images", "512", "--test-images", "256", "--epochs", "1", "--batch-size", "128", "--threads", "1", "--device", "cpu",
    ];

    [Fact]
    public async Task Transfer_TinyRun_PrintsThe108RowsAndWritesCellsCsv()
    {
        var (code, output, error) = await CliRunner.RunAsync(Tiny(await RealStoreAsync(), 3));
        Assert.True(code == 0, error);
        Assert.Contains("CIFAR-10 test accuracy vs FashionMNIST test accuracy", output);
        Assert.Matches(@"(?m)^\s+108\s+single\s+3\s", output);
        Assert.Matches(@"(?m)^\s+108\s+mean3\s+3\s", output);
        var cells = File.ReadAllLines(Path.Combine(_dir, "out", "cells.csv"));
        Assert.Equal(4, cells.Length); // header + 3 cells
        Assert.True(File.Exists(Path.Combine(_dir, "out", "table.csv")));
        Assert.True(File.Exists(Path.Combine(_dir, "out", "scatter_cifar10_108.png")));
        Assert.True(File.Exists(Path.Combine(_dir, "out", "scatter_cifar10_108.svg")));
        Assert.Contains("note: The benchmark holds 30 of", error);

        // Run again on the same folder: nothing is trained, the table is the same.
        string table = File.ReadAllText(Path.Combine(_dir, "out", "table.csv"));
        (code, var again, error) = await CliRunner.RunAsync(Tiny(Path.Combine(_dir, "real30.nbstore"), 3));
        Assert.True(code == 0, error);
        Assert.Equal(output, again);
        Assert.Contains("Resumed: 3 of 3 cells", error);
        Assert.Equal(table, File.ReadAllText(Path.Combine(_dir, "out", "table.csv")));
    }

    [Fact]
    public async Task Transfer_FewerThanThreeCells_IsRefusedBeforeTraining()
    {
        var (code, _, error) = await CliRunner.RunAsync(Tiny(Path.Combine(_dir, "unused.nbstore"), 2));
        Assert.Equal(1, code);
        Assert.Contains("--cells 2", error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }
}
