using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.Progress;

namespace NasBench.Core.Tests.Experiments;

public sealed class RequestValidationTests
{
    [Fact]
    public void Defaults_AreValid_AndTheSeedPapersSettings()
    {
        Assert.Empty(new SearchRequest().Validate());
        Assert.Empty(new CompareRequest().Validate());
        var paper = CompareRequest.SeedPaper();
        Assert.Equal(["random", "evolution", "tree"], paper.Algorithms);
        Assert.Equal(10, paper.Runs);
        Assert.Equal(5e6, paper.Budget.SimulatedSeconds);
        Assert.Equal(5e6, new SearchRequest().Budget.SimulatedSeconds);
        Assert.Equal((50, 10, 1.0), (paper.Evolution.PopulationSize, paper.Evolution.TournamentSize, paper.Evolution.MutationRate));
    }

    [Theory]
    [InlineData("runs", "--runs must be between 1 and 10000 (got 0).")]
    [InlineData("queries", "--queries must be between 1 and 1000000000000 (got -5).")]
    [InlineData("simulatedSeconds", "--simulated-seconds must be a positive number up to 10000000000 (got NaN).")]
    [InlineData("tournament", "--tournament must be between 1 and --population (50) (got 80).")]
    [InlineData("protocol", "Unknown --protocol 'mean5': use nb101 or mean3.")]
    [InlineData("plot", "--plot is required.")]
    [InlineData("algorithm", "Unknown --algorithm 'annealing': use random, evolution, tree, local, sh, hyperband, bohb, reinforce, tpe, alphax, bananas, npenas or smac.")]
    [InlineData("epochs", "--epochs must be 4, 12, 36 or 108 (got 100).")]
    [InlineData("tpeGamma", "--tpe-gamma must be in (0, 1] (got 0).")]
    [InlineData("bohbTopNPercent", "--bohb-top-n-percent must be between 1 and 99 (got 100).")]
    [InlineData("reinforceMomentum", "--reinforce-momentum must be in [0, 1) (got 1).")]
    [InlineData("alphaxSimulations", "--alphax-simulations must be between 0 and 10000 (got -1).")]
    [InlineData("hyperbandEta", "η = 2 between 4 and 108 epochs gives budgets the benchmark does not hold.")]
    public void BadSearchOption_IsReportedWithItsFieldAndTheCliMessage(string field, string message)
    {
        var request = field switch
        {
            "runs" => new SearchRequest { Runs = 0 },
            "queries" => new SearchRequest { Queries = -5 },
            "simulatedSeconds" => new SearchRequest { SimulatedSeconds = double.NaN },
            "tournament" => new SearchRequest { Evolution = new() { TournamentSize = 80 } },
            "protocol" => new SearchRequest { Protocol = "mean5" },
            "plot" => new SearchRequest { Plot = null! },
            "algorithm" => new SearchRequest { Algorithm = "annealing" },
            "tpeGamma" => new SearchRequest { Tpe = new() { Gamma = 0 } },
            "bohbTopNPercent" => new SearchRequest { Bohb = new() { TopNPercent = 100 } },
            "reinforceMomentum" => new SearchRequest { Reinforce = new() { Momentum = 1 } },
            "alphaxSimulations" => new SearchRequest { AlphaX = new() { Simulations = -1 } },
            "hyperbandEta" => new SearchRequest { Algorithm = "hyperband", Hyperband = new() { Eta = 2 } },
            _ => new SearchRequest { Epochs = 100 },
        };
        var error = Assert.Single(request.Validate());
        Assert.Equal(new RequestError(field, message), error);
        var thrown = Assert.Throws<RequestValidationException>(request.ThrowIfInvalid);
        Assert.Equal(message, thrown.Message);
    }

    [Fact]
    public void TwoSources_AreRefused()
    {
        var error = Assert.Single(new DistanceRequest { Store = "a", Synthetic = true }.Validate());
        Assert.Equal("Give only one of --store, --records and --synthetic.", error.Message);
    }

    [Fact]
    public void Correlate_NeedsItsFileAndColumns_AndABootstrap()
    {
        var errors = new CorrelateRequest { Bootstrap = 0 }.Validate();
        Assert.Equal(["file", "x", "y", "bootstrap"], errors.Select(e => e.Field));
    }

    [Fact]
    public void CommandLine_NamesOnlyWhatDiffersFromTheDefaults()
    {
        Assert.Equal("nasbench search", new SearchRequest().ToCommandLine());
        Assert.Equal("nasbench compare --algorithms random,evolution,tree --simulated-seconds 5000000", CompareRequest.SeedPaper().ToCommandLine());
        Assert.Equal("nasbench search --algorithm evolution --synthetic --queries 100 --runs 3 --population 100",
            new SearchRequest { Algorithm = "evolution", Synthetic = true, Queries = 100, Runs = 3, Evolution = new() { PopulationSize = 100 }, Tree = new() { Exploration = 2 } }.ToCommandLine());
        Assert.Equal("nasbench study correlate --file 'my file.csv' --x a --y b", new CorrelateRequest { File = "my file.csv", X = "a", Y = "b" }.ToCommandLine());
    }
}
