using System.Text.Json;
using NasBench.Core.Benchmark.Store;

namespace NasBench.Cli.Tests;

public sealed class QueryCommandTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Query_PrintsTheReferenceFieldsWithTheStoredValues()
    {
        string store = await _box.SyntheticStoreAsync(12);
        var cell = _box.Index.Cell(11);
        var (code, output, _) = await CliSandbox.RunAsync("query", "--adjacency", cell.ToAdjacencyString(), "--operations", cell.ToOperationsString(),
            "--epochs", "36", "--seed", "4", "--store", store);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Contains("SYNTHETIC", root.GetProperty("data").GetString());
        Assert.Equal(cell.VertexCount, root.GetProperty("module_adjacency").GetArrayLength());
        Assert.Equal(cell.ToOperations(), root.GetProperty("module_operations").EnumerateArray().Select(e => e.GetString()));
        var data = BenchmarkStore.Open(store, _box.Index);
        Assert.Equal(data.TrainableParameters(11), root.GetProperty("trainable_parameters").GetInt32());
        var repeats = Enumerable.Range(0, 3).Select(r => data.Metrics(11, 36, r).Final).ToList();
        var match = repeats.Single(f => f.TrainingTime == root.GetProperty("training_time").GetDouble());
        Assert.Equal(match.TrainAccuracy, root.GetProperty("train_accuracy").GetDouble());
        Assert.Equal(match.ValidationAccuracy, root.GetProperty("validation_accuracy").GetDouble());
        Assert.Equal(match.TestAccuracy, root.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public async Task Query_AllRepeatsListsHalfwayAndFinalValues()
    {
        string store = await _box.SyntheticStoreAsync(3);
        var (code, output, _) = await CliSandbox.RunAsync("query", "--adjacency", "[[0,1,0],[0,0,1],[0,0,0]]",
            "--operations", "input,conv1x1-bn-relu,output", "--all-repeats", "--store", store);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var repeats = json.RootElement.GetProperty("repeats");
        Assert.Equal(3, repeats.GetArrayLength());
        var data = BenchmarkStore.Open(store, _box.Index);
        int cell = _box.Index.IndexOf(NasBench.Core.SearchSpace.ModelSpec.Parse("010001000", "input,conv1x1-bn-relu,output"));
        for (int r = 0; r < 3; r++)
        {
            var m = data.Metrics(cell, 108, r);
            Assert.Equal(m.Halfway.ValidationAccuracy, repeats[r].GetProperty("halfway_validation_accuracy").GetDouble());
            Assert.Equal(m.Final.TestAccuracy, repeats[r].GetProperty("final_test_accuracy").GetDouble());
            Assert.Equal(m.Final.TrainingTime, repeats[r].GetProperty("final_training_time").GetDouble());
        }
    }

    [Theory]
    [InlineData("0100", "input,output", "50", "epochs")]
    [InlineData("0100", "input,output", "108", "")]
    [InlineData("0000", "input,output", "108", "disconnected")]
    [InlineData("011001000", "input,conv3x3-bn-relu,output", "108", "not in this benchmark")]
    public async Task Query_ErrorsAreOneLineAndExitCode1(string adjacency, string operations, string epochs, string message)
    {
        string store = await _box.SyntheticStoreAsync(2);
        var (code, _, error) = await CliSandbox.RunAsync("query", "--adjacency", adjacency, "--operations", operations, "--epochs", epochs, "--store", store);
        Assert.Equal(message.Length == 0 ? 0 : 1, code);
        Assert.Contains(message, error);
    }
}
