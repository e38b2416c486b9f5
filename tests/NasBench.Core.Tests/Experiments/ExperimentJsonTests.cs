using NasBench.Core.Experiments;

namespace NasBench.Core.Tests.Experiments;

public sealed class ExperimentJsonTests
{
    public static TheoryData<ExperimentRequest> Requests() =>
    [
        new SearchRequest { Algorithm = "evolution", SimulatedSeconds = 5e6, Runs = 3, Seed = 7, Population = 100, Synthetic = true },
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
        string json = ExperimentJson.Serialize(new SearchRequest { SimulatedSeconds = 1e5, WallclockSeconds = 3, ExpandAllOps = true, Sampler = CellDistribution.Raw });
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
    public void MalformedRequest_IsAValidationErrorNamingTheField(string json, string field)
    {
        var e = Assert.Throws<RequestValidationException>(() => ExperimentJson.Deserialize(json));
        Assert.Equal(field, e.Errors.Single().Field);
        Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
    }
}
