using System.Text.Json;
using NasBench.Core.Experiments;
using NasBench.Training.Advisor;
using NasBench.Training.Experiments;
using NasBench.Web.Components.Pages.Experiments;

namespace NasBench.Web.Tests.Studies;

/// <summary>The proxies and advise forms' fields are their requests' JSON properties (so the form fills a request).</summary>
public sealed class StudyFormsTests
{
    [Fact]
    public void ProxiesAndAdviseForms_EveryFieldIsARequestProperty()
    {
        NasBench.Training.TrainingExperiments.Register();
        // The JSON leaves out null options: give the optional ones a value.
        ExperimentRequest[] requests =
        [
            new ProxiesRequest { Cells = "c.csv", Top = 1, Uniform = 1, Hashes = "h", Store = "s", Proxies = "params", Limit = 1, AgainstColumn = "a", DataDir = "d", BatchSize = 8, Queue = "cpu" },
            new AdviseRequest { Store = "s", Proxies = "params", DataDir = "d", Epochs = 1, Lr = 0.1, BatchSize = 8, Queue = "cpu", TrainImages = 1, TestImages = 1 },
        ];
        foreach (var request in requests)
        {
            using var json = JsonDocument.Parse(ExperimentJson.Serialize(request));
            Assert.All(ExperimentForms.Of(request.Kind), f => Assert.True(json.RootElement.TryGetProperty(f.Name, out _), $"{f.Name} is no property of a {request.Kind} request"));
        }

        Assert.Contains(ExperimentForms.Kinds, k => k.Kind == ExperimentKinds.Advise);
    }
}
