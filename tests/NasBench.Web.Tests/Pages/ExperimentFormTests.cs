using NasBench.Core.Experiments;
using NasBench.Web.Components.Pages.Experiments;
using NasBench.Web.Data;

namespace NasBench.Web.Tests.Pages;

/// <summary>The new-experiment form's decisions without a browser (<see cref="ExperimentForm"/>): how it opens, what each
/// tab keeps, when messages show, and that a launch leaves the rules to the launcher's one check.</summary>
public sealed class ExperimentFormTests
{
    private const string Search = """{"kind":"search","algorithm":"evolution","queries":150,"runs":2,"synthetic":true}""";

    private static Experiment Row(long id, string json) =>
        new() { Id = id, Kind = "search", Name = "mine", OwnerId = "u", Owner = "u", RequestJson = json, CommandLine = "nasbench search" };

    [Fact]
    public void Open_FromAnExperiment_FillsItsKindsTab_AndRecordsTheRerun()
    {
        var form = ExperimentForm.Open(Row(7, Search), null, null);
        Assert.Equal((ExperimentKinds.Search, 7L, "mine"), (form.Kind, form.RerunOf, form.Name));
        Assert.Equal(("evolution", "150", "2"), (form.Draft.Texts["algorithm"], form.Draft.Texts["queries"], form.Draft.Texts["runs"]));
        Assert.Equal("synthetic", form.Draft.Source);
        Assert.Equal(ExperimentJson.Deserialize(Search).ToCommandLine(), form.CommandLine);
        Assert.Empty(form.Errors);
    }

    [Fact]
    public void Open_FromAKindThisServerDoesNotKnow_ShowsItsJson_AndIsNoRerun()
    {
        const string json = """{"kind":"teleport","distance":3}""";
        var form = ExperimentForm.Open(Row(8, json), null, null);
        Assert.Equal((ExperimentForm.JsonTab, json), (form.Kind, form.Json));
        Assert.Equal((null, null), (form.RerunOf, form.Name));
    }

    [Theory]
    [InlineData("""{"kind":"search","queries":33,"synthetic":true}""", "search")]
    [InlineData("{{ not json", ExperimentForm.JsonTab)]
    [InlineData("""{"kind":"nope"}""", ExperimentForm.JsonTab)]
    public void Open_WithARequestInTheUrl_ShowsItInItsTab_OrAsJson(string json, string tab)
    {
        var form = ExperimentForm.Open(null, json, "compare");
        Assert.Equal(tab, form.Kind);
        Assert.Null(form.RerunOf);
        if (tab == ExperimentForm.JsonTab)
        {
            Assert.Equal(json, form.Json);
        }
        else
        {
            Assert.Equal("33", form.Draft.Texts["queries"]);
        }
    }

    [Theory]
    [InlineData("compare", "compare")]
    [InlineData("teleport", "search")]
    public void Open_OnAKind_ShowsItsDefaults_AnUnknownKindTheFirstTab(string kind, string shown)
    {
        var form = ExperimentForm.Open(null, null, kind);
        Assert.Equal(shown, form.Kind);
        Assert.Equal(RequestDraft.Defaults(shown).Texts, form.Draft.Texts);
        Assert.NotNull(form.CommandLine);
    }

    [Fact]
    public void Switch_KeepsWhatWasTypedInEachKind()
    {
        var form = ExperimentForm.Open(null, null, null);
        form.Draft.Texts["queries"] = "77";
        form.Switch("compare");
        Assert.NotEqual("77", form.Draft.Texts["queries"]);
        form.Switch(ExperimentForm.JsonTab);
        form.Switch("search");
        Assert.Equal("77", form.Draft.Texts["queries"]);
    }

    [Fact]
    public void Messages_ShowOnceALaunchWasTried_AndTheLaunchLeavesTheRulesToTheLauncher()
    {
        var form = ExperimentForm.Open(null, null, "search");
        form.Draft.Texts["runs"] = "0";
        form.Preview();
        Assert.Empty(form.Errors); // typing: no messages yet, and no command line for a request that breaks a rule
        Assert.Null(form.CommandLine);

        // The launch sends the request as the fields make it: the rules are the launcher's check (ExperimentLauncher.Check),
        // once, not the form's too.
        var request = form.Submit();
        Assert.NotNull(request);
        Assert.Empty(form.Errors);
        Assert.Contains(request.Validate(), e => e.Field == "runs");
        form.Refuse(request.Validate());
        Assert.Contains(form.Errors, e => e.Field == "runs");

        // Once tried, typing shows the messages as they change.
        form.Draft.Texts["runs"] = "3";
        form.Preview();
        Assert.Empty(form.Errors);
        Assert.Contains("--runs 3", form.CommandLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_WithAFieldThatIsNoNumber_SendsNothing_AndNamesTheField()
    {
        var form = ExperimentForm.Open(null, null, "search");
        form.Draft.Texts["runs"] = "ten";
        Assert.Null(form.Submit());
        var error = Assert.Single(form.Errors);
        Assert.Equal("runs", error.Field);
        Assert.Contains("whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_OnTheJsonTab_ReadsTheJson_OrSaysWhyNot()
    {
        var form = ExperimentForm.Open(null, null, null);
        form.Switch(ExperimentForm.JsonTab);
        form.Json = """{"kind":"nope"}""";
        Assert.Null(form.Submit());
        Assert.Equal("kind", Assert.Single(form.Errors).Field);
        form.Json = Search;
        Assert.Equal(ExperimentJson.Deserialize(Search), form.Submit());
        Assert.Empty(form.Errors);
    }

    [Fact]
    public void PresetSource_IsTheBenchmarkTheFormNames()
    {
        var form = ExperimentForm.Open(Row(9, Search), null, null);
        Assert.Equal(new BenchmarkSource(SyntheticSeed: 0), form.PresetSource);
        form.Draft.Source = "records";
        form.Draft.Path = " /data/records.csv ";
        Assert.Equal(new BenchmarkSource(Records: "/data/records.csv"), form.PresetSource);
    }
}
