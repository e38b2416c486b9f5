using System.Text.Json;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Options;
using NasBench.Core.SearchSpace;
using NasBench.TestSupport;
using NasBench.Web.Components.Pages.Experiments;

namespace NasBench.Web.Tests.Pages;

/// <summary>The search form's fields are the request's described options: every algorithm's options flow from the form
/// into the request and back.</summary>
public sealed class ExperimentFormsTests
{
    [Theory]
    [InlineData("search")]
    [InlineData("compare")]
    public void SearchForm_HasOneFieldPerDescribedOption_InTheirOrder(string kind)
    {
        var fields = ExperimentForms.Of(kind);
        Assert.Equal(kind == "search" ? "algorithm" : "algorithms", fields[0].Name);
        Assert.Equal(SearchSettings.Described.Select(o => o.Name), fields.Skip(1).Select(f => f.Name));
        Assert.Equal(CellDistributions.Names, fields.Single(f => f.Name == "sampler").Options);
        Assert.Equal("Successive halving, Hyperband", fields.Single(f => f.Name == "hyperbandEta").Group);
        Assert.Equal(["4", "12", "36", "108"], fields.Single(f => f.Name == "hyperbandMinEpochs").Options);

        // Options that JSON leaves out at their defaults still show the default in a fresh form.
        var draft = RequestDraft.Defaults(kind);
        Assert.Equal(("0.25", "4", "0.3333333333333333", "50"), (draft.Texts["tpeGamma"], draft.Texts["bohbMinEpochs"], draft.Texts["bohbRandomFraction"], draft.Texts["population"]));
    }

    /// <summary>The search and compare requests of <see cref="SearchRequestExamples"/>: every algorithm with options away from their defaults.</summary>
    public static TheoryData<ExperimentRequest> EveryAlgorithm() => [.. SearchRequestExamples.All];

    /// <summary>request → the form's fields (as a user would type them into a fresh form) → request: every option has a field
    /// that carries it (a fresh form starts from the defaults, so an option without a field would be lost).</summary>
    [Theory]
    [MemberData(nameof(EveryAlgorithm))]
    public void Request_ThroughTheFormsFields_IsTheSameRequest(ExperimentRequest request)
    {
        var shown = RequestDraft.From(request);
        var typed = RequestDraft.Defaults(request.Kind);
        foreach (var (name, text) in shown.Texts)
        {
            typed.Texts[name] = text;
        }

        foreach (var (name, on) in shown.Flags)
        {
            typed.Flags[name] = on;
        }

        foreach (var (name, chosen) in shown.Chosen)
        {
            typed.Chosen[name] = [.. chosen];
        }

        (typed.Source, typed.Path, typed.SyntheticSeed) = (shown.Source, shown.Path, shown.SyntheticSeed);
        var (back, errors) = typed.ToRequest();
        Assert.Empty(errors);
        // The form's algorithm checkboxes are in the registry's order, and so is the list they give.
        var expected = request is CompareRequest c ? c with { Algorithms = [.. SearchAlgorithms.Names.Where(c.Algorithms.Contains)] } : request;
        Assert.Equal(expected, back);
    }

    [Fact]
    public void SearchForm_HasTheLocalSearchVariants_WhichParseIntoTheRequest()
    {
        string[] names = ["reuseEvaluations", "skipKnown", "firstImprovement", "continueAtMinimum", "startSamples"];
        Assert.All(names, n => Assert.Contains(ExperimentForms.Of("search"), f => f.Name == n && f.Group == "Local search"));
        var request = Assert.IsType<SearchRequest>(ExperimentJson.Deserialize(
            """{"kind":"search","algorithm":"local","skipKnown":true,"firstImprovement":true,"continueAtMinimum":true,"startSamples":10,"synthetic":true}"""));
        Assert.Equal(new SearchRequest { Algorithm = "local", Local = new() { SkipKnown = true, FirstImprovement = true, ContinueAtMinimum = true, StartSamples = 10 }, Synthetic = true }, request);
        Assert.Equal("nasbench search --algorithm local --synthetic --skip-known --first-improvement --continue-at-minimum --start-samples 10", request.ToCommandLine());
    }
}
