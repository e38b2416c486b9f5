using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Experiments;
using NasBench.Training.Proxies;

namespace NasBench.Training.Tests.Proxies;

[Collection(nameof(TrainingCollection))]
public class ProxiesRunnerTests
{
    private static readonly string SeedPaper = SharedData.RealData("seed_paper_accuracies.csv");

    private static ProxiesRequest Tiny(int limit) => new()
    {
        Cells = SeedPaper, Limit = limit, AgainstColumn = "mnist_test_acc", DataDir = FashionMnist.DebianDirectory, BatchSize = 8, Bootstrap = 50,
        Device = "cpu", Threads = 1, StemChannels = 4, Stacks = 2, CellsPerStack = 1, Seed = 3,
    };

    private static Func<CellIndex> NoSpace => () => throw new InvalidOperationException("The seed paper's file names cells by structure: no enumeration needed.");

    [Fact]
    public async Task Run_SeedPaperCells_WritesProxiesCsvAndCorrelations()
    {
        var sink = new MemorySink();
        var outcome = await new ProxiesRunner(NoSpace).RunAsync(Tiny(6), sink, null, CancellationToken.None);
        Assert.Equal(ExperimentStatus.Succeeded, outcome.Status);
        var lines = Text(sink, "proxies.csv").TrimEnd('\n').Split('\n');
        Assert.Equal("hash,synflow,jacob_cov,naswot,snip,grad_norm,fisher,params,flops,seconds,mnist_test_acc", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Equal(32, l.Split(',')[0].Length));
        var correlations = Text(sink, "correlations.csv").TrimEnd('\n').Split('\n');
        Assert.Equal(1 + ProxyNames.All.Count, correlations.Length);
        Assert.Contains("only 6 cells", Text(sink, "correlations.txt"), StringComparison.Ordinal);
        Assert.Equal("proxies_rank_correlation", Assert.Single(sink.Figures).Name);
    }

    [Fact]
    public async Task Run_Cancelled_CompletesPartialAndThrows()
    {
        using var cancel = new CancellationTokenSource();
        var sink = new MemorySink();
        var progress = new Progress(() => cancel.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ProxiesRunner(NoSpace).RunAsync(Tiny(4) with { Proxies = "params,flops" }, sink, progress, cancel.Token));
        Assert.Equal(ExperimentStatus.Cancelled, sink.Outcome?.Status);
        Assert.True(sink.Outcome!.Partial);
        Assert.True(Text(sink, "proxies.csv").TrimEnd('\n').Split('\n').Length < 5);
    }

    [Fact]
    public void CellList_SeedPaperFile_97DistinctCellsWithAveragedAccuracies()
    {
        var cells = CellListFile.Read(SeedPaper, NoSpace);
        Assert.Equal(97, cells.Count);
        Assert.All(cells, c => Assert.InRange(c.Values["mnist_test_acc"], 0.5, 1));
        var first = CellListFile.FromSeedPaperCell("111111011111011100000 conv3x3-bn-relu conv1x1-bn-relu conv1x1-bn-relu conv1x1-bn-relu conv1x1-bn-relu");
        Assert.Equal(cells[0].Spec.Hash, first.Hash);
    }

    [Fact]
    public void Request_Validate_NamesTheOptions()
    {
        var errors = new ProxiesRequest { Cells = "/no/such/file", Proxies = "synflow,zen", Limit = 0 }.Validate();
        Assert.Contains(errors, e => e.Field == "cells");
        Assert.Contains(errors, e => e.Field == "proxies" && e.Message.Contains("zen", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "limit");
        Assert.Empty(Tiny(3).Validate());
        Assert.StartsWith("nasbench study proxies --cells ", Tiny(3).ToCommandLine(), StringComparison.Ordinal);
    }

    private static string Text(MemorySink sink, string name) => System.Text.Encoding.UTF8.GetString(sink.Artifacts[name].Content.Span);

    private sealed class Progress(Action onCell) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            if (value.Message.Contains("cells scored", StringComparison.Ordinal))
            {
                onCell();
            }
        }
    }
}
