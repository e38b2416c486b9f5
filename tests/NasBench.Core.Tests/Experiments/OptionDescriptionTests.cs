using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Progress;
using NasBench.Core.Search;

namespace NasBench.Core.Tests.Experiments;

/// <summary>Each search option is described once; the request's rules, command line and the registry come from it.</summary>
public sealed class OptionDescriptionTests
{
    [Fact]
    public void EveryOption_HasOneJsonNameAndOneCliSpelling()
    {
        var names = SearchSettings.Described.Select(o => o.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(names.Count, SearchSettings.Described.Select(o => o.Description.Cli).Distinct().Count());
        Assert.Equal("--bohb-top-n-percent", SearchSettings.Option("bohbTopNPercent")!.Description.Cli);
        Assert.Equal("--population", SearchSettings.Option("population")!.Description.Cli);
    }

    [Fact]
    public void Defaults_AreTheRecordsOwn_AndARequestWithThemNamesNoOption()
    {
        var request = new SearchRequest();
        Assert.All(SearchSettings.Described, o => Assert.Equal(o.Description.Default, o.Get(request)));
        Assert.All(SearchSettings.Described, o => Assert.Null(o.Argument(request)));
        Assert.Equal(0.25, SearchSettings.Option("tpeGamma")!.Description.Default);
        Assert.Equal(1.0 / 3, SearchSettings.Option("bohbRandomFraction")!.Description.Default);
        Assert.Equal(2.0, SearchSettings.Option("alphaxExploration")!.Description.Default);
    }

    [Fact]
    public void Registry_IsTheAlgorithmList_AndEachNameMakesItsOwnAlgorithm()
    {
        Assert.Equal(SearchAlgorithms.Names, SearchSettings.AlgorithmNames);
        var request = new CompareRequest { Algorithms = [.. SearchAlgorithms.Names.Where(n => n != AlphaXSearchOptions.AlgorithmName)] };
        var configurations = SearchAlgorithmFactory.Configurations(request, complete: true);
        Assert.Equal(request.Algorithms, configurations.Select(c => c.Algorithm.Name));
        Assert.All(SearchAlgorithms.All, a => Assert.Equal(a.OptionsType, a.Get(request).GetType()));
    }

    [Fact]
    public void AnOptionSet_ReachesTheAlgorithmsOptions_AndTheCommandLine()
    {
        var option = SearchSettings.Option("tpeCandidates")!;
        var request = (SearchRequest)option.With(new SearchRequest { Algorithm = "tpe" }, 48);
        Assert.Equal(48, request.Tpe.Candidates);
        Assert.Equal("nasbench search --algorithm tpe --tpe-candidates 48", request.ToCommandLine());
        Assert.Equal("nasbench search", (request with { Algorithm = "random" }).ToCommandLine().Replace(" --algorithm random", "", StringComparison.Ordinal));
        var tpe = Assert.IsType<TpeSearchOptions>(SearchAlgorithmFactory.Configurations(request, complete: true).Single().Algorithm);
        Assert.Equal(48, tpe.Candidates);
    }

    [Fact]
    public void RecordValidate_UsesTheDescribedRules()
    {
        var e = Assert.Throws<ArgumentException>(() => new TpeSearchOptions { Gamma = 0 }.Validate());
        Assert.Equal("--tpe-gamma must be in (0, 1] (got 0).", e.Message);
        Assert.Throws<ArgumentException>(() => new HyperbandSearchOptions { Eta = 2 }.Validate());
        new BohbSearchOptions().Validate();
    }

    [Fact]
    public void SharedAndHyperbandOptions_ReachTheRunsOptions()
    {
        var request = new CompareRequest { Algorithms = ["sh", "hyperband", "bohb"], Epochs = 36, Hyperband = new() { MinEpochs = 12 } };
        var options = SearchAlgorithmFactory.Configurations(request, complete: true).Select(c => c.Algorithm).ToList();
        var sh = Assert.IsType<HyperbandSearchOptions>(options[0]);
        Assert.Equal((true, 12, 36), (sh.SuccessiveHalving, sh.MinEpochs, sh.MaxEpochs));
        Assert.Equal("hyperband", options[1].Name);
        var bohb = Assert.IsType<BohbSearchOptions>(options[2]);
        Assert.Equal((4, 36), (bohb.MinEpochs, bohb.MaxEpochs));
    }
}
