using NasBench.Core.Experiments;
using NasBench.Training.Advisor;
using NasBench.Training.Data;
using NasBench.Training.Tests.Trainers;
using NasBench.Training.Tests.Transfer;
using Xunit.Abstractions;

namespace NasBench.Training.Tests.Advisor;

/// <summary>
/// The advisor end to end on a tiny setup, once for the class: a pool of 8 cells from a store built from the 30 real
/// records, three proxies on a FashionMNIST batch, 3 real short trainings (stem 4, 1 epoch of 256 images) and a check of
/// 1 + 1; cancelled during the trainings, then resumed on the same folder, then run once more (nothing left to do).
/// </summary>
public sealed class AdviseRunFixture : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("nasbench-advise-").FullName;

    public string Output => Path.Combine(Directory, "out");

    public BenchmarkProvider Provider { get; } = new(RealRecordsStore.Space);

    public AdviseRequest Request { get; private set; } = new();

    public Exception? Cancelled { get; private set; }

    public int TrainedBeforeCancel { get; private set; }

    public List<int> ResumedTrainings { get; } = [];

    public List<int> AgainTrainings { get; } = [];

    public ExperimentOutcome? Outcome { get; private set; }

    public string RecommendationAfterResume { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Request = new AdviseRequest
        {
            Top = 3, Uniform = 5, Store = RealRecordsStore.Build(Directory), Proxies = "synflow,naswot,params", ProxyBatch = 8, Trainings = 3, Recommend = 2, Check = 1,
            Bootstrap = 50, DataDir = FashionMnist.DebianDirectory, Epochs = 1, Lr = 0.05, TrainImages = 256, TestImages = 128, BatchSize = 64,
            Device = "cpu", Threads = 1, StemChannels = 4, CellsPerStack = 1, Seed = 2,
        };
        using (var cancel = new CancellationTokenSource())
        {
            var first = new TestProgress(p => { if (p.Epoch is { Training: 0 }) { cancel.Cancel(); } });
            try
            {
                await new AdviseRunner(Provider).RunAsync(Request, new FolderSink(Output, null), first, cancel.Token);
            }
            catch (OperationCanceledException e)
            {
                Cancelled = e;
            }
        }

        TrainedBeforeCancel = (await new FolderSink(Output, null).ReadTrainedCellsAsync(CancellationToken.None)).Count;
        Outcome = await new AdviseRunner(Provider).RunAsync(Request, new FolderSink(Output, null), Steps(ResumedTrainings), CancellationToken.None);
        RecommendationAfterResume = File.ReadAllText(Path.Combine(Output, AdviceFiles.RecommendationFile));
        await new AdviseRunner(Provider).RunAsync(Request, new FolderSink(Output, null), Steps(AgainTrainings), CancellationToken.None);
    }

    private static TestProgress Steps(List<int> trainings) => new(p =>
    {
        if (p.Step is { } s && !trainings.Contains(s.Training))
        {
            lock (trainings)
            {
                trainings.Add(s.Training);
            }
        }
    });

    public Task DisposeAsync()
    {
        Provider.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

[Collection(nameof(TrainingCollection))]
public sealed class AdviseRunnerTests(AdviseRunFixture run, ITestOutputHelper output) : IClassFixture<AdviseRunFixture>
{
    private string File(string name) => System.IO.File.ReadAllText(Path.Combine(run.Output, name));

    [Fact]
    public async Task Advise_TinyRealRun_ScoresThePool_TrainsTheBudgetAndTheCheck_AndRecommends()
    {
        output.WriteLine(File("advice.txt"));
        Assert.Equal(ExperimentStatus.Succeeded, run.Outcome!.Status);
        var pool = File("pool.csv").TrimEnd('\n').Split('\n');
        Assert.Equal("hash,source,cifar10_accuracy,synflow,naswot,params,short_test_accuracy,score,recommended_rank", pool[0]);
        Assert.Equal(1 + 8, pool.Length);
        Assert.Equal(["top", "top", "top", "uniform", "uniform", "uniform", "uniform", "uniform"], pool.Skip(1).Select(l => l.Split(',')[1]));
        var trained = await new FolderSink(run.Output, null).ReadTrainedCellsAsync(CancellationToken.None);
        Assert.InRange(trained.Count, 4, 5); // 3 span picks + 1 recommended + 1 random (the recommended one may be trained already)
        Assert.Equal(trained.Count, trained.Select(c => c.Hash).Distinct().Count());
        Assert.All(trained, c => Assert.InRange(c.TestAccuracy, 0, 1));
        var recommendation = File(AdviceFiles.RecommendationFile).TrimEnd('\n').Split('\n');
        Assert.Equal("rank,hash,adjacency,operations,score,cifar10_accuracy,source,short_test_accuracy", recommendation[0]);
        Assert.Equal(["1", "2"], recommendation.Skip(1).Select(l => l.Split(',')[0]));
        var evidence = File(AdviceFiles.EvidenceFile).TrimEnd('\n').Split('\n');
        Assert.Equal(["cifar10", "synflow", "naswot", "params"], evidence.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(evidence.Skip(1), l => Assert.Equal("3", l.Split(',')[1]));
        Assert.Contains("Only 3 trained cells", File("advice.txt"), StringComparison.Ordinal);
        Assert.Contains("Check (same short training): recommended mean", File("advice.txt"), StringComparison.Ordinal);
        Assert.True(System.IO.File.Exists(Path.Combine(run.Output, "proxies.csv")));
    }

    [Fact]
    public void Cancel_DuringTheTrainings_ThenResume_TrainsOnlyTheRest()
    {
        Assert.IsAssignableFrom<OperationCanceledException>(run.Cancelled);
        Assert.Equal(1, run.TrainedBeforeCancel);
        Assert.DoesNotContain(0, run.ResumedTrainings);
        Assert.Contains(run.Outcome!.Notes, n => n.StartsWith("Resumed: 8 pool cells were already scored and 1 cells already trained", StringComparison.Ordinal));
        Assert.Empty(run.AgainTrainings);
        Assert.Equal(run.RecommendationAfterResume, File(AdviceFiles.RecommendationFile));
    }

    [Fact]
    public void FullTraining_IsTheRecipesScheduleAtNasBench101SizeOnTheGpuQueue()
    {
        var spec = Tiny.Cell;
        var full = run.Request.FullTraining(spec);
        Assert.Empty(full.Validate());
        Assert.Equal("gpu", full.Queue);
        Assert.Null(full.Epochs);
        Assert.Equal(128, full.StemChannels);
        Assert.Equal(spec.Hash, full.Spec().Hash);
        Assert.Equal(run.Request.DataDir, full.DataDir);
    }

    [Fact]
    public void Request_Validate_NamesTheOptions()
    {
        var errors = new AdviseRequest { Top = 1, Uniform = 1, Trainings = 2, Proxies = "zen" }.Validate();
        Assert.Contains(errors, e => e.Field == "top");
        Assert.Contains(errors, e => e.Field == "trainings");
        Assert.Contains(errors, e => e.Field == "proxies");
        Assert.Equal("nasbench study advise --top 3 --uniform 5", new AdviseRequest { Top = 3, Uniform = 5 }.ToCommandLine());
    }
}
