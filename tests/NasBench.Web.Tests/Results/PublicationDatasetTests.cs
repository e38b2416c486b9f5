using NasBench.Web.Data;
using NasBench.Web.Services;

namespace NasBench.Web.Tests.Results;

/// <summary>A publication's dataset comes from the experiment's parsed request, so a training at its default dataset
/// (which the stored JSON leaves out) is published as Fashion-MNIST, not as the benchmark's CIFAR-10.</summary>
public sealed class PublicationDatasetTests
{
    [Theory]
    [InlineData("""{"kind":"training","adjacency":"0110000100010000","operations":"input,conv3x3-bn-relu,conv1x1-bn-relu,output"}""", "fashion-mnist")]
    [InlineData("""{"kind":"training","dataset":"CIFAR10","adjacency":"0110000100010000","operations":"input,conv3x3-bn-relu,conv1x1-bn-relu,output"}""", "cifar10")]
    [InlineData("""{"kind":"search","queries":150,"synthetic":true}""", "cifar10")]
    public void DatasetOf_ReadsTheParsedRequest_DefaultsIncluded(string json, string dataset)
    {
        NasBench.Training.TrainingExperiments.Register();
        var e = new Experiment { Kind = "x", Name = "n", OwnerId = "u", Owner = "u", RequestJson = json, CommandLine = "nasbench" };
        Assert.Equal(dataset, PublicationBuilder.DatasetOf(e));
    }
}
