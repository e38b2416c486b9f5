namespace NasBench.Cli.Tests;

public sealed class SearchCommandsTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "nasbench-search-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task Search_Synthetic_WritesTrajectoriesAggregateAndPlot()
    {
        var (rc, stdout, stderr) = await SearchCliRun.Run("search", "--algorithm", "evolution", "--synthetic", "--queries", "2000", "--runs", "3", "--seed", "5", "--out", _out);
        Assert.True(rc == 0, stderr);
        Assert.Contains("evolution", stdout, StringComparison.Ordinal);
        Assert.Contains("SYNTHETIC", stdout, StringComparison.Ordinal);
        var trajectories = File.ReadAllLines(Path.Combine(_out, "trajectories.csv"));
        Assert.True(trajectories.Length > 3);
        Assert.All(trajectories.Skip(1), line => Assert.Contains(",synthetic,", line, StringComparison.Ordinal));
        Assert.Equal(3, trajectories.Skip(1).Select(l => l.Split(',')[4]).Distinct().Count());
        Assert.Contains("synthetic", File.ReadAllLines(Path.Combine(_out, "aggregate.csv"))[1], StringComparison.Ordinal);
        SearchCliRun.AssertPng(Path.Combine(_out, "search.png"));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("evolution")]
    public async Task Search_StartCell_IsEveryRunsFirstQuery(string algorithm)
    {
        // The first of the 30 real models, as `train --adjacency … --operations …` takes it.
        const string cell = "0101000001110000010000000001000001000000010000000 input,conv3x3-bn-relu,conv1x1-bn-relu,conv1x1-bn-relu,conv3x3-bn-relu,conv1x1-bn-relu,output";
        var (rc, _, stderr) = await SearchCliRun.Run("search", "--algorithm", algorithm, "--records", SearchCliRun.RealData("records_30_models_108.csv"),
            "--queries", "40", "--runs", "3", "--population", "10", "--tournament", "3", "--start-cell", cell, "--out", _out);
        Assert.True(rc == 0, stderr);
        var lines = File.ReadAllLines(Path.Combine(_out, "trajectories.csv"));
        var header = lines[0].Split(',');
        int step = Array.IndexOf(header, "step"), hash = Array.IndexOf(header, "incumbent_hash");
        var firsts = lines.Skip(1).Select(l => l.Split(',')).Where(f => f[step] == "1").ToList();
        Assert.Equal(3, firsts.Count);
        Assert.All(firsts, f => Assert.Equal("ff92c322c5d9d3d587d9c146a63d0807", f[hash]));
    }

    [Fact]
    public async Task Search_StartCellTheStoreLacks_IsRefusedInOneLine()
    {
        var (rc, _, stderr) = await SearchCliRun.Run("search", "--algorithm", "local", "--records", SearchCliRun.RealData("records_30_models_108.csv"),
            "--queries", "40", "--start-cell", "0100 input,output", "--out", _out);
        Assert.NotEqual(0, rc);
        Assert.Contains("--start-cell: the benchmark holds no 108-epoch results for cell", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_WritesThePapersThreeFiguresAndATable()
    {
        var (rc, stdout, stderr) = await SearchCliRun.Run("compare", "--synthetic", "--runs", "2", "--simulated-seconds", "3e5", "--out", _out);
        Assert.True(rc == 0, stderr);
        foreach (string algorithm in new[] { "random", "evolution", "tree", "local" })
        {
            Assert.Contains(algorithm, stdout, StringComparison.Ordinal);
        }

        SearchCliRun.AssertPng(Path.Combine(_out, "compare_by_time.png"));
        SearchCliRun.AssertPng(Path.Combine(_out, "compare_by_cells.png"));
        SearchCliRun.AssertPng(Path.Combine(_out, "compare_mean.png"));
        Assert.Contains("SYNTHETIC", File.ReadAllText(Path.Combine(_out, "summary.txt")), StringComparison.Ordinal);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(_out, "compare_mean.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_The30RealModels_ReportsTheBestByValidation()
    {
        // Under mean3 the incumbent is the cell with the best mean validation; its regret is against the data's best mean test.
        var (rc, stdout, stderr) = await SearchCliRun.Run("search", "--algorithm", "random", "--sampler", "uniform", "--protocol", "mean3",
            "--records", SearchCliRun.RealData("records_30_models_108.csv"), "--queries", "1000", "--runs", "2", "--out", _out);
        Assert.True(rc == 0, stderr);
        Assert.Contains("real", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("synthetic", stdout, StringComparison.OrdinalIgnoreCase);
        var rows = File.ReadLines(SearchCliRun.RealData("records_30_models_108.csv")).Skip(1).Select(NasBench.Core.CsvLine.Split)
            .GroupBy(f => f[0]).Select(g => (Hash: g.Key, Valid: g.Average(f => double.Parse(f[11], System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        string best = rows.OrderByDescending(r => r.Valid).First().Hash;
        var last = File.ReadAllLines(Path.Combine(_out, "trajectories.csv"))[^1].Split(',');
        Assert.Equal(best, last[10]);
    }

    [Theory]
    [InlineData("search", "--algorithm", "annealing", "--synthetic")]
    [InlineData("search", "--algorithm", "random", "--synthetic", "--protocol", "mean5")]
    [InlineData("search", "--algorithm", "evolution", "--synthetic", "--tournament", "80")]
    [InlineData("search", "--algorithm", "random", "--synthetic", "--records", "x.csv")]
    public async Task Search_BadInput_IsOneErrorLine(params string[] args)
    {
        var (rc, _, stderr) = await SearchCliRun.Run([.. args, "--out", _out]);
        Assert.Equal(1, rc);
        Assert.StartsWith("error: ", stderr.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
    }
}
