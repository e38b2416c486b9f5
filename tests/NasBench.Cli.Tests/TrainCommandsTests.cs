using System.Globalization;
using System.Text.Json;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Tests;

/// <summary>`train inspect` and `train` on real specs and real FashionMNIST (Debian's dataset-fashion-mnist, installed by test.sh).</summary>
[Collection(nameof(TorchSharpCollection))]
public sealed class TrainCommandsTests
{
    private const string FashionMnistDir = "/usr/share/datasets/fashion-mnist";

    private static string[] FirstSpec() => File.ReadLines(SearchCliRun.RealData("specs_1k.csv")).Skip(1).Select(NasBench.Core.CsvLine.Split).First();

    /// <summary>The tiny configuration: stem 8, one cell per stack, 512 train / 256 test images, one epoch, one thread.</summary>
    private static string[] TinyTraining(string adjacency, string operations, string dataDir) =>
    [
        "train", "--dataset", "fashion-mnist", "--data-dir", dataDir, "--adjacency", adjacency, "--operations", operations,
        "--stem-channels", "8", "--cells-per-stack", "1", "--train-images", "512", "--test-images", "256",
        "--epochs", "1", "--batch-size", "128", "--threads", "1", "--device", "cpu",
    ];

    [Fact]
    public async Task Inspect_CountsTheParametersOfSpecs1k()
    {
        var row = FirstSpec();
        var (code, output, error) = await CliRunner.RunAsync("train", "inspect", "--adjacency", row[1], "--operations", row[2]);
        Assert.True(code == 0, error);
        Assert.Contains($"trainable parameters {row[3]}\n", output);
        Assert.Contains($"hash       {row[0]}", output);
    }

    [Fact]
    public async Task Train_TinyFashionMnist_PrintsOneJsonObject()
    {
        Assert.True(Directory.Exists(FashionMnistDir), $"{FashionMnistDir} is missing: install dataset-fashion-mnist (test.sh does).");
        var row = FirstSpec();
        var (code, output, error) = await CliRunner.RunAsync(TinyTraining(row[1], row[2], FashionMnistDir));
        Assert.True(code == 0, error);

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var shape = new NetworkShape(StemChannels: 8, CellsPerStack: 1, InputChannels: 1);
        Assert.Equal(TrainableParameters.Count(ModelSpec.Parse(row[1], row[2]).Cell, shape), root.GetProperty("trainable_parameters").GetInt64());
        Assert.InRange(root.GetProperty("train_accuracy").GetDouble(), 0, 1);
        Assert.InRange(root.GetProperty("test_accuracy").GetDouble(), 0, 1);
        Assert.InRange(root.GetProperty("seconds").GetDouble(), 0, 600);
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        Assert.Equal(1, root.GetProperty("epochs").GetInt32());
        Assert.Equal("precise", root.GetProperty("batch_norm_statistics").GetString()); // 4 steps: far too few for BN momentum 0.003
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("epoch 1/1: train loss", error);
    }

    [Fact]
    public async Task Train_BadSpec_IsAnErrorNamingIt()
    {
        var (code, output, error) = await CliRunner.RunAsync(TinyTraining("0100", "input,bogus-op", FashionMnistDir));
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error);
        Assert.Contains("bogus-op", error);
    }

    [Fact]
    public async Task Train_MissingDataDirectory_IsAnErrorNamingIt()
    {
        var row = FirstSpec();
        string missing = Path.Combine(Path.GetTempPath(), "nasbench-no-such-dir-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));
        var (code, output, error) = await CliRunner.RunAsync(TinyTraining(row[1], row[2], missing));
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains(missing, error);
    }

    [Theory]
    [InlineData("--batch-size", "0", "--batch-size must be between 1 and 65536 (got 0).")]
    [InlineData("--batch-size", "-1", "--batch-size must be between 1 and 65536 (got -1).")]
    [InlineData("--lr", "-1", "--lr must be a positive number (got -1).")]
    [InlineData("--lr", "0", "--lr must be a positive number (got 0).")]
    [InlineData("--epochs", "0", "--epochs must be between 1 and 10000 (got 0).")]
    [InlineData("--threads", "0", "--threads must be between 1 and 1024 (got 0).")]
    [InlineData("--train-images", "0", "--train-images must be at least 1 (got 0).")]
    [InlineData("--dataset", "mnist", "Unknown --dataset 'mnist'")]
    [InlineData("--device", "tpu", "Unknown --device 'tpu'")]
    public async Task Train_BadValue_IsOneLineNamingTheOption_BeforeAnyWork(string option, string value, string message)
    {
        var row = FirstSpec();
        var args = TinyTraining(row[1], row[2], FashionMnistDir).ToList();
        int at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (code, output, error) = await CliRunner.RunAsync([.. args]);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"error: {message}", error.Trim()[..$"error: {message}".Length]);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("Unhandled", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Inspect_ImageSizeZero_IsAnErrorNamingTheOption()
    {
        var row = FirstSpec();
        var (code, _, error) = await CliRunner.RunAsync("train", "inspect", "--adjacency", row[1], "--operations", row[2], "--image-size", "0");
        Assert.Equal(1, code);
        Assert.Equal("error: --image-size must be between 1 and 1024 (got 0).", error.Trim());
    }

    [Fact]
    public async Task Train_Cifar10WithoutData_SaysWhereItLookedAndHowToFixIt()
    {
        var row = FirstSpec();
        string missing = Path.Combine(Path.GetTempPath(), "nasbench-no-cifar-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));
        var args = TinyTraining(row[1], row[2], missing);
        args[Array.IndexOf(args, "fashion-mnist")] = "cifar10";
        var (code, _, error) = await CliRunner.RunAsync(args);
        Assert.Equal(1, code);
        Assert.Contains($"No CIFAR-10 files in '{missing}'", error);
        Assert.Contains("--download", error);
        Assert.Contains("--data-dir", error);
        Assert.DoesNotContain("   at ", error);
    }
}
