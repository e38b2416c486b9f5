using System.Text.Json;
using NasBench.Cli.Commands;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Tests;

/// <summary>A temporary folder and the CLI run with captured output, for the data and query command tests.</summary>
public sealed class CliSandbox : IDisposable
{
    private static readonly Lazy<CellIndex> Space = new(CachedCellIndex.Load);

    public CliSandbox()
    {
        Directory.CreateDirectory(Folder);
        StoreLocator.UseSpace(Space.Value);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "nasbench-cli-tests-" + Guid.NewGuid().ToString("N"));

    public CellIndex Index => Space.Value;

    public string File(string name) => Path.Combine(Folder, name);

    public static string RealData(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "NasBench.sln")))
        {
            dir = dir.Parent;
        }

        return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "data", "nb101-real", file));
    }

    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await NasBenchCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A synthetic store of the first <paramref name="cells"/> cells at all budgets.</summary>
    public async Task<string> SyntheticStoreAsync(int cells)
    {
        string file = File("synth.tfrecord"), store = File("synth.nbstore");
        Assert.Equal(0, (await RunAsync("data", "synth", "--out", file, "--cells", cells.ToString(), "--epochs", "all", "--seed", "3")).Code);
        Assert.Equal(0, (await RunAsync("data", "import", file, "--store", store)).Code);
        return store;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public sealed class DataCommandTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Dump_RealRecordIsOneJsonLineWithEveryField()
    {
        var (code, output, _) = await CliSandbox.RunAsync("data", "dump", CliSandbox.RealData("record_00005c14_epochs4.tfrecord"));
        Assert.Equal(0, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("00005c142e6f48ac74fdcf73e3439874", root.GetProperty("module_hash").GetString());
        Assert.Equal(4, root.GetProperty("epochs").GetInt32());
        Assert.Equal(8_555_530, root.GetProperty("trainable_parameters").GetInt32());
        Assert.Equal(3, root.GetProperty("evaluation_data").GetArrayLength());
        var final = root.GetProperty("evaluation_data")[2];
        Assert.Equal(89.90399932861328, final.GetProperty("training_time").GetDouble());
        Assert.Equal(0.3504607379436493, final.GetProperty("test_accuracy").GetDouble());
        Assert.StartsWith("0100110001", root.GetProperty("module_adjacency").GetString());
        Assert.True(root.TryGetProperty("total_time", out _));
    }

    [Fact]
    public async Task SynthImportInfo_StoreRecordsItsSyntheticSource()
    {
        string store = await _box.SyntheticStoreAsync(30);
        var (code, output, _) = await CliSandbox.RunAsync("data", "info", "--store", store);
        Assert.Equal(0, code);
        Assert.Contains("synthetic:  yes", output);
        Assert.Contains("SYNTHETIC", output);
        Assert.Contains("cells:      30", output);
        Assert.Contains("epochs:     4,12,36,108", output);
        Assert.Contains("records:    360", output);
        Assert.Contains("source:     synth.tfrecord", output);
        var dump = await CliSandbox.RunAsync("data", "dump", _box.File("synth.tfrecord"), "--limit", "2");
        Assert.Equal(2, dump.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Import_TruncatedFileFailsWithTheRecordAndKeepsTheStore()
    {
        string store = await _box.SyntheticStoreAsync(5);
        byte[] before = File.ReadAllBytes(store);
        byte[] file = File.ReadAllBytes(_box.File("synth.tfrecord"));
        File.WriteAllBytes(_box.File("cut.tfrecord"), file[..(file.Length - 10)]);
        var (code, _, error) = await CliSandbox.RunAsync("data", "import", _box.File("cut.tfrecord"), "--store", store);
        Assert.Equal(1, code);
        Assert.Matches(@"error: record 59 at byte offset \d+: truncated", error);
        Assert.Equal(before, File.ReadAllBytes(store));
    }

    [Fact]
    public async Task Info_MissingStoreSaysHowToGetOne()
    {
        var (code, _, error) = await CliSandbox.RunAsync("data", "info", "--store", _box.File("none.nbstore"));
        Assert.Equal(1, code);
        Assert.Contains("nasbench data download --variant only108", error);
        Assert.Contains("nasbench data import FILE", error);
    }

    [Fact]
    public async Task Hashes_OnePerLineInEnumerationOrder()
    {
        string store = await _box.SyntheticStoreAsync(30);
        var (code, output, _) = await CliSandbox.RunAsync("data", "hashes", "--store", store);
        Assert.Equal(0, code);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => _box.Index.Hash(i).ToString()), output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Download_ClosedLoopbackPort_OneLineNamingTheUrl()
    {
        string url = $"http://127.0.0.1:{LoopbackPort.Free()}/nasbench_only108.tfrecord";
        var (code, _, error) = await CliSandbox.RunAsync("data", "download", "--variant", "only108", "--url", url, "--dir", _box.File("dl"), "--store", _box.File("s.nbstore"));
        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(url, line);
        Assert.Contains("nasbench data import FILE", line);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    public async Task Dump_LimitBelowOneIsRefused(string limit)
    {
        var (code, output, error) = await CliSandbox.RunAsync("data", "dump", CliSandbox.RealData("record_00005c14_epochs4.tfrecord"), "--limit", limit);
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("--limit must be at least 1", error);
    }
}
