using NasBench.Core.Experiments;
using NasBench.Core.Studies.Advisor;
using NasBench.Training.Experiments;
using NasBench.Training.Proxies;
using NasBench.Training.Tests.Trainers;
using NasBench.Training.Tests.Transfer;

namespace NasBench.Training.Tests.Proxies;

/// <summary>Cells straight from a store built from the 30 real records, and a proxies run cancelled midway and resumed.</summary>
[Collection(nameof(TrainingCollection))]
public sealed class ProxiesSelectionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nasbench-proxies-").FullName;
    private readonly BenchmarkProvider _provider = new(RealRecordsStore.Space);

    private ProxiesRequest Request(string store) => new()
    {
        Top = 4, Uniform = 6, Store = store, Proxies = "synflow,params,flops", Bootstrap = 50, Device = "cpu", Threads = 1, StemChannels = 4, Stacks = 2, CellsPerStack = 1, Seed = 5,
    };

    [Fact]
    public async Task Run_TopAndUniformFromTheStore_ScoresTheTopBestFirstThenTheSample()
    {
        string store = RealRecordsStore.Build(_directory);
        var sink = new MemorySink();
        var outcome = await new ProxiesRunner(() => _provider.Space(), provider: _provider).RunAsync(Request(store), sink, null, CancellationToken.None);
        Assert.Equal(ExperimentStatus.Succeeded, outcome.Status);
        var rows = sink.Text("proxies.csv").TrimEnd('\n').Split('\n');
        Assert.Equal("hash,synflow,params,flops,seconds,validation_accuracy_108", rows[0]);
        using var opened = await _provider.OpenAsync(new BenchmarkSource(store));
        var expected = CandidatePool.FromStore(opened.Data, 4, 6, 5);
        Assert.Equal(expected.Select(c => c.Hash), rows.Skip(1).Select(r => r.Split(',')[0]));
        var accuracies = rows.Skip(1).Take(4).Select(r => double.Parse(r.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(accuracies.OrderDescending(), accuracies);
        Assert.Contains(outcome.Notes, n => n.Contains("the top 4 by CIFAR-10 validation accuracy at 108 epochs", StringComparison.Ordinal));
        Assert.Contains("validation_accuracy_108", sink.Text("correlations.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_AfterACancelMidway_ScoresOnlyTheRest_WithoutDuplicates_AndTheSameScores()
    {
        string store = RealRecordsStore.Build(_directory);
        var request = Request(store);
        var straight = new MemorySink();
        await new ProxiesRunner(() => _provider.Space(), provider: _provider).RunAsync(request, straight, null, CancellationToken.None);

        string output = Path.Combine(_directory, "out");
        using var cancel = new CancellationTokenSource();
        var first = new TestProgress(p => { if (p.Message == "4/10 cells scored") { cancel.Cancel(); } });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ProxiesRunner(() => _provider.Space(), provider: _provider).RunAsync(request, new FolderSink(output, null), first, cancel.Token));
        var partial = File.ReadAllLines(Path.Combine(output, "proxies.csv"));
        Assert.Equal(1 + 4, partial.Length);

        var scored = new List<string>();
        var outcome = await new ProxiesRunner(() => _provider.Space(), provider: _provider)
            .RunAsync(request, new FolderSink(output, null), new TestProgress(p => { if (p.Message.EndsWith("cells scored", StringComparison.Ordinal)) { scored.Add(p.Message); } }), CancellationToken.None);
        Assert.Equal(["5/10 cells scored", "6/10 cells scored", "7/10 cells scored", "8/10 cells scored", "9/10 cells scored", "10/10 cells scored"], scored);
        Assert.Contains(outcome.Notes, n => n == "Resumed: 4 of 10 cells were already scored.");
        var resumed = File.ReadAllLines(Path.Combine(output, "proxies.csv"));
        Assert.Equal(11, resumed.Length);
        Assert.Equal(10, resumed.Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());
        // Every score (not the seconds) as in the straight run: a cell's scores do not depend on what ran before it.
        static string WithoutSeconds(string line) => string.Join(',', line.Split(',').Where((_, i) => i != 4));
        Assert.Equal(straight.Text("proxies.csv").TrimEnd('\n').Split('\n').Select(WithoutSeconds), resumed.Select(WithoutSeconds));
    }

    [Fact]
    public void Request_SelectionOptions_AreValidatedAndRoundTrip()
    {
        Assert.Contains(new ProxiesRequest().Validate(), e => e.Field == "cells" && e.Message.Contains("--top", StringComparison.Ordinal));
        Assert.Contains(new ProxiesRequest { Top = 3, Limit = 2 }.Validate(), e => e.Field == "limit");
        Assert.Contains(new ProxiesRequest { Hashes = "nothex" }.Validate(), e => e.Field == "hashes" && e.Message.Contains("nothex", StringComparison.Ordinal));
        Assert.Contains(new ProxiesRequest { Cells = SharedData.RealData("seed_paper_accuracies.csv"), Top = 3 }.Validate(), e => e.Field == "top");
        Assert.Empty(new ProxiesRequest { Top = 100, Uniform = 200, Seed = 1 }.Validate());
        Assert.Equal("nasbench study proxies --top 100 --uniform 200 --seed 1", new ProxiesRequest { Top = 100, Uniform = 200, Seed = 1 }.ToCommandLine());
    }

    public void Dispose()
    {
        _provider.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
