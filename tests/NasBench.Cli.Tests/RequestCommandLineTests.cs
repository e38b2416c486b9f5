using System.Text;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Tests;

/// <summary>A request's <c>ToCommandLine()</c> is the command that builds the same request: the CLI parses it back (--dry-run).</summary>
public sealed class RequestCommandLineTests
{
    public static TheoryData<ExperimentRequest> Requests() =>
    [
        new SearchRequest(),
        new SearchRequest { Algorithm = "evolution", Synthetic = true, SyntheticSeed = 3, Queries = 100, Runs = 3, Seed = -4, Evolution = new() { PopulationSize = 100, TournamentSize = 25, MutationRate = 0.5 } },
        new SearchRequest { Algorithm = "tree", Records = "/tmp/my records.csv", WallclockSeconds = 2.5, Tree = new() { Exploration = 0.5, ExpandAllOperations = true }, Protocol = "mean3", Epochs = 36, Plot = "accuracy" },
        new SearchRequest { Algorithm = "random", Random = new() { Sampler = CellDistribution.Uniform }, RestrictToStore = true, Store = "x.nbstore", SimulatedSeconds = 1e5 },
        new SearchRequest { Algorithm = "local", Synthetic = true, StartCell = CellArgument.Example },
        new SearchRequest { Algorithm = "evolution", Records = "r.csv", StartCell = "[[0,1],[0,0]] input,output" },
        new CompareRequest(),
        new CompareRequest { Algorithms = ["random", "evolution"], StartCell = "0100 input,output", Queries = 10 },
        CompareRequest.SeedPaper(),
        new CompareRequest { Algorithms = ["local", "random"], Local = new() { ReuseEvaluations = true }, Queries = 10 },
        new SearchRequest { Algorithm = "local", Synthetic = true, Local = new() { SkipKnown = true, FirstImprovement = true, ContinueAtMinimum = true, StartSamples = 10 } },
        new CompareRequest { Algorithms = ["local", "tree"], Local = new() { StartSamples = 3 }, Queries = 10 },
        new SearchRequest { Algorithm = "random", Random = new() { WithoutReplacement = true }, Queries = 150, Protocol = "mean3" },
        new CompareRequest { Algorithms = ["sh", "hyperband", "bohb", "reinforce", "tpe", "random"], Random = new() { WithoutReplacement = true }, SimulatedSeconds = 1e7 },
        new CompareRequest { Algorithms = ["alphax", "tree", "random", "evolution"], Queries = 150, Runs = 200, Protocol = "mean3" },
        new DistanceRequest { Pairs = 50, Seed = 2, Sampler = CellDistribution.Raw, Synthetic = true },
        new CellsRequest { Threshold = 0.9, Test = true, Records = "r.csv" },
        new CorrelateRequest { File = SearchCliRun.RealData("seed_paper_accuracies.csv"), X = "cifar_acc_108", Y = "mnist_test_acc", Rows = 21, Bootstrap = 10, Seed = 5 },
        new NasBench.Training.Experiments.TrainingRequest { Adjacency = "0100", Operations = "input,output", Epochs = 2, Device = "cuda", Queue = "gpu-lab-host-1", Threads = 4 },
        new NasBench.Training.Experiments.TrainingRequest { Adjacency = "0100", Operations = "input,output", Queue = "cpu", Seed = 3 },
        new NasBench.Training.Experiments.ProxiesRequest { Cells = SearchCliRun.RealData("seed_paper_accuracies.csv"), Proxies = "synflow,params", Limit = 10, AgainstColumn = "mnist_test_acc", Bootstrap = 20, Timed = true, StemChannels = 16, BatchSize = 32, Seed = 2 },
        new NasBench.Training.Experiments.ProxiesRequest { Top = 100, Uniform = 200, Hashes = "675777ecb1daff61b6917d833406cb82", Store = "s.nbstore", Seed = 1 },
        new NasBench.Training.Advisor.AdviseRequest { Top = 10, Uniform = 20, Cells = SearchCliRun.RealData("seed_paper_accuracies.csv"), ReferenceColumn = "cifar_acc_108", Proxies = "synflow,params",
            ProxyBatch = 16, Trainings = 4, Recommend = 3, Check = 2, Bootstrap = 50, Epochs = 1, TrainImages = 512, StemChannels = 8, CellsPerStack = 1, Seed = 3 },
        new NasBench.Training.Advisor.AdviseRequest { Store = "s.nbstore", Queue = "cpu" },
    ];

    /// <summary>Every algorithm with options away from their defaults (the web form's round trip uses the same list).</summary>
    public static TheoryData<ExperimentRequest> EveryAlgorithm() => [.. NasBench.TestSupport.SearchRequestExamples.All];

    [Theory]
    [MemberData(nameof(Requests))]
    [MemberData(nameof(EveryAlgorithm))]
    public async Task CommandLine_ParsesBackToTheSameRequest(ExperimentRequest request)
    {
        var words = Split(request.ToCommandLine());
        Assert.Equal("nasbench", words[0]);
        var (rc, stdout, stderr) = await CliRunner.RunAsync([.. words.Skip(1), "--dry-run"]);
        Assert.True(rc == 0, stderr);
        Assert.Equal(request, ExperimentJson.Deserialize(stdout.Trim()));
    }

    /// <summary>Splits a POSIX command line with single quotes (what <see cref="CommandLine.Quote"/> writes).</summary>
    private static List<string> Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\'' )
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == '\\' && !quoted && i + 1 < line.Length)
            {
                word.Append(line[++i]);
            }
            else if (c == ' ' && !quoted)
            {
                if (word.Length > 0 || any)
                {
                    words.Add(word.ToString());
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0 || any)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
