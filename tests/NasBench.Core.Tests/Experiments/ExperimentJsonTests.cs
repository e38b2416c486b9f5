using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.Experiments;

public sealed class ExperimentJsonTests
{
    public static TheoryData<ExperimentRequest> Requests() =>
    [
        new SearchRequest { Algorithm = "evolution", SimulatedSeconds = 5e6, Runs = 3, Seed = 7, Evolution = new() { PopulationSize = 100 }, Synthetic = true },
        new CompareRequest { Algorithms = ["random", "tree"], Queries = 500, Protocol = "mean3", Records = "r.csv" },
        new DistanceRequest { Pairs = 50, Sampler = CellDistribution.Uniform, Store = "s.nbstore" },
        new CellsRequest { Threshold = 0.9, Test = true },
        new CorrelateRequest { File = "a.csv", X = "x", Y = "y", Rows = 21, Bootstrap = 10 },
    ];

    [Theory]
    [MemberData(nameof(Requests))]
    public void Request_RoundTripsThroughJson_WithItsKind(ExperimentRequest request)
    {
        string json = ExperimentJson.Serialize(request);
        Assert.StartsWith($"{{\"kind\":\"{request.Kind}\"", json, StringComparison.Ordinal);
        Assert.Equal(request, ExperimentJson.Deserialize(json));
    }

    [Fact]
    public void Properties_AreTheCliLongOptionsInCamelCase()
    {
        string json = ExperimentJson.Serialize(new SearchRequest { SimulatedSeconds = 1e5, WallclockSeconds = 3, Tree = new() { ExpandAllOperations = true }, Random = new() { Sampler = CellDistribution.Raw } });
        foreach (string name in new[] { "\"simulatedSeconds\":100000", "\"wallclockSeconds\":3", "\"expandAllOps\":true", "\"mutationRate\":1", "\"sampler\":\"raw\"", "\"restrictToStore\":false" })
        {
            Assert.Contains(name, json, StringComparison.Ordinal);
        }

        Assert.Equal("--simulated-seconds", RequestRules.Option("simulatedSeconds"));
    }

    [Theory]
    [InlineData("not json", "")]
    [InlineData("[1, 2]", "kind")]
    [InlineData("{\"runs\": 3}", "kind")]
    [InlineData("{\"kind\": \"annealing\"}", "kind")]
    [InlineData("{\"kind\": \"search\", \"runs\": \"ten\"}", "runs")]
    [InlineData("{\"kind\": \"search\", \"runs\": 1e300}", "runs")]
    [InlineData("{\"kind\": \"search\", \"bogus\": 1}", "bogus")]
    [InlineData("{\"kind\": \"distance\", \"sampler\": \"sometimes\"}", "sampler")]
    [InlineData("{\"kind\": \"search\", \"tpeGamma\": \"small\"}", "tpeGamma")]
    [InlineData("{\"kind\": \"compare\", \"population\": 1.5}", "population")]
    public void MalformedRequest_IsAValidationErrorNamingTheField(string json, string field)
    {
        var e = Assert.Throws<RequestValidationException>(() => ExperimentJson.Deserialize(json));
        Assert.Equal(field, e.Errors.Single().Field);
        Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A request as the lab stored it before options were nested (the CLI's --dry-run of that version, with
    /// withoutReplacement last): every flat option lands in its algorithm's options.</summary>
    [Fact]
    public void OldFlatDocument_ReadsIntoTheNestedOptions()
    {
        const string old = """
            {"kind":"compare","algorithms":["random","evolution","tree","local"],"queries":150,"runs":200,"seed":3,"protocol":"mean3","epochs":108,
             "sampler":"uniform","population":100,"tournament":20,"mutationRate":0.5,"exploration":0.25,"expandAllOps":true,"reuseEvaluations":false,
             "skipKnown":true,"firstImprovement":true,"continueAtMinimum":false,"startSamples":10,"withoutReplacement":true,"restrictToStore":false,
             "plot":"regret","synthetic":false,"syntheticSeed":0}
            """;
        var request = Assert.IsType<CompareRequest>(ExperimentJson.Deserialize(old));
        Assert.Equal(new RandomSearchOptions { Sampler = CellDistribution.Uniform, WithoutReplacement = true }, request.Random);
        Assert.Equal(new EvolutionSearchOptions { PopulationSize = 100, TournamentSize = 20, MutationRate = 0.5 }, request.Evolution);
        Assert.Equal(new TreeSearchOptions { Exploration = 0.25, ExpandAllOperations = true }, request.Tree);
        Assert.Equal(LocalSearchOptions.Naszilla, request.Local);
        Assert.Equal(new TpeSearchOptions(), request.Tpe);
        Assert.Equal((150L, 200, 3), (request.Queries!.Value, request.Runs, request.Seed));
        Assert.Empty(request.Validate());
        // Written back, it is the same document byte for byte (the lab's stored requests do not change).
        Assert.Equal(string.Concat(old.Split('\n').Select(l => l.Trim())), ExperimentJson.Serialize(request));
    }

    /// <summary>Options added with the newer algorithms are written only when set, so a request that leaves them alone is
    /// stored as before (and an older reader, which refuses unknown properties, still reads it).</summary>
    [Fact]
    public void NewerAlgorithmOptions_AreWrittenOnlyWhenSet()
    {
        string plain = ExperimentJson.Serialize(new SearchRequest { Algorithm = "tpe" });
        Assert.DoesNotContain("tpe", plain.Replace("\"tpe\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"population\":50", plain, StringComparison.Ordinal);
        var set = new SearchRequest { Algorithm = "tpe", Tpe = new() { Gamma = 0.5 }, Bohb = new() { TopNPercent = 20 } };
        string json = ExperimentJson.Serialize(set);
        Assert.Contains("\"tpeGamma\":0.5", json, StringComparison.Ordinal);
        Assert.Contains("\"bohbTopNPercent\":20", json, StringComparison.Ordinal);
        Assert.DoesNotContain("tpeCandidates", json, StringComparison.Ordinal);
        Assert.Equal(set, ExperimentJson.Deserialize(json));
    }
}
