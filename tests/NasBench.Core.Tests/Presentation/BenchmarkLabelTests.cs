using NasBench.Core.Presentation;

namespace NasBench.Core.Tests.Presentation;

public sealed class BenchmarkLabelTests
{
    [Fact]
    public void Recorded_IsShownAsRecorded() =>
        Assert.Equal("/data/nasbench.nbstore", BenchmarkLabel.Of("/data/nasbench.nbstore", "transfer", """{"store":"/other"}"""));

    [Theory]
    [InlineData("transfer", """{"cells":5,"store":"/data/full.nbstore"}""", "/data/full.nbstore (from the request; not recorded by the run)")]
    [InlineData("search", """{"synthetic":true,"syntheticSeed":3}""", "synthetic seed 3 (from the request; not recorded by the run)")]
    [InlineData("search", """{"records":"/r.csv"}""", "/r.csv (records, from the request; not recorded by the run)")]
    [InlineData("training", """{"adjacency":"0110"}""", "none (a training of one cell)")]
    [InlineData("correlate", """{"file":"/x.csv"}""", "none (a correlation of a CSV file)")]
    [InlineData("transfer", "not json", BenchmarkLabel.Unknown)]
    [InlineData("transfer", null, BenchmarkLabel.Unknown)]
    public void NotRecorded_ComesFromTheRequest(string kind, string? json, string expected) =>
        Assert.Equal(expected, BenchmarkLabel.Of(null, kind, json));

    [Fact]
    public void NoSourceInTheRequest_IsTheDefaultStore_SaidSo()
    {
        string label = BenchmarkLabel.Of(null, "transfer", """{"cells":5}""");
        Assert.StartsWith(NasBenchPaths.DefaultStorePath + " (the default store", label, StringComparison.Ordinal);
    }
}
