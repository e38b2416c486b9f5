using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Web.Data;

namespace NasBench.Web.Tests.Data;

/// <summary>A loaded experiment's request is parsed once (<see cref="Experiment.Request"/>): every reader of the row shares
/// that parse, and a kind this server does not know keeps its reason.</summary>
public sealed class ExperimentRequestTests
{
    private static Experiment Row(string json) =>
        new() { Kind = "search", Name = "n", OwnerId = "u", Owner = "u", RequestJson = json, CommandLine = "nasbench search" };

    [Fact]
    public void Request_IsParsedOncePerRow_AndAgainOnlyWhenTheJsonChanges()
    {
        var e = Row("""{"kind":"search","queries":150,"synthetic":true}""");
        var first = e.Request;
        Assert.Same(first, e.Request);
        Assert.Same(first, e.ValidRequest);
        Assert.Equal(150L, ((SearchRequest)first!).Queries);

        e.RequestJson = """{"kind":"search","queries":151,"synthetic":true}""";
        Assert.NotSame(first, e.Request);
        Assert.Equal(151L, ((SearchRequest)e.Request!).Queries);
    }

    [Fact]
    public void AKindThisServerDoesNotKnow_IsNoRequest_AndValidRequestSaysWhy()
    {
        var e = Row("""{"kind":"teleport"}""");
        Assert.Null(e.Request);
        var error = Assert.Throws<RequestValidationException>(() => e.ValidRequest);
        Assert.Contains("Unknown kind 'teleport'", error.Message, StringComparison.Ordinal);
        Assert.Equal("kind", Assert.Single(error.Errors).Field);
    }
}
