using System.Text.Json;
using NasBench.Core.Experiments;
using NasBench.Web.Components.Pages.Experiments;

namespace NasBench.Web.Tests.Pages;

/// <summary>The search form's fields are the request's JSON properties: naszilla's local-search options flow from the
/// form into the request as <c>reuseEvaluations</c> does.</summary>
public sealed class ExperimentFormsTests
{
    [Theory]
    [InlineData("search")]
    [InlineData("compare")]
    public void SearchForm_EveryFieldIsARequestProperty(string kind)
    {
        // The JSON leaves out null options: give the optional ones a value.
        var request = kind == "search"
            ? (ExperimentRequest)new SearchRequest { Queries = 1, SimulatedSeconds = 1, WallclockSeconds = 1, StartCell = CellArgument.Example }
            : new CompareRequest { Queries = 1, SimulatedSeconds = 1, WallclockSeconds = 1, StartCell = CellArgument.Example };
        using var json = JsonDocument.Parse(ExperimentJson.Serialize(request));
        Assert.All(ExperimentForms.Of(kind), f => Assert.True(json.RootElement.TryGetProperty(f.Name, out _), $"{f.Name} is no property of a {kind} request"));
    }

    [Fact]
    public void SearchForm_HasTheLocalSearchVariants_WhichParseIntoTheRequest()
    {
        string[] names = ["reuseEvaluations", "skipKnown", "firstImprovement", "continueAtMinimum", "startSamples"];
        Assert.All(names, n => Assert.Contains(ExperimentForms.Of("search"), f => f.Name == n && f.Group == ExperimentForms.Algorithm));
        var request = Assert.IsType<SearchRequest>(ExperimentJson.Deserialize(
            """{"kind":"search","algorithm":"local","skipKnown":true,"firstImprovement":true,"continueAtMinimum":true,"startSamples":10,"synthetic":true}"""));
        Assert.Equal(new SearchRequest { Algorithm = "local", SkipKnown = true, FirstImprovement = true, ContinueAtMinimum = true, StartSamples = 10, Synthetic = true }, request);
        Assert.Equal("nasbench search --algorithm local --synthetic --skip-known --first-improvement --continue-at-minimum --start-samples 10", request.ToCommandLine());
    }
}
