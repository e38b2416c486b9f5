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
        using var data = BenchmarkStore.Open(store, _box.Index);
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
        using var data = BenchmarkStore.Open(store, _box.Index);
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

    /// <summary>query() per row, charged as the reference charges it; refused rows charge nothing.</summary>
    [Fact]
    public async Task QueryFile_OneLinePerRowThenTheReferenceBudgetCounters()
    {
        string store = await _box.SyntheticStoreAsync(12);
        var c11 = _box.Index.Cell(11);
        var c5 = _box.Index.Cell(5);
        var c3 = _box.Index.Cell(3);
        string file = _box.File("specs.tsv");
        File.WriteAllLines(file,
        [
            "raw_adjacency\traw_operations\tepochs\thalfway",
            $"{c11.ToAdjacencyString()}\t{c11.ToOperationsString()}\t36\t",
            $"{c5.ToAdjacencyString()}\t{c5.ToOperationsString()}\t\ttrue",
            "0000\tinput,output\t108\t0",
            $"{c3.ToAdjacencyString()}\t{c3.ToOperationsString()}\t12\t1",
            "0100\tinput,output\t50\t0",
        ]);
        var (code, output, error) = await CliSandbox.RunAsync("query", "--file", file, "--seed", "4", "--store", store);
        Assert.Equal(0, code);
        var lines = output.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal("disconnected", lines[2].GetProperty("status").GetString());
        Assert.Equal(4, lines[2].GetProperty("line").GetInt32());
        Assert.Equal("invalid_epochs", lines[4].GetProperty("status").GetString());
        using var data = BenchmarkStore.Open(store, _box.Index);
        var halfwayTimes = Enumerable.Range(0, 3).Select(r => (double)data.Metrics(5, 108, r).Halfway.TrainingTime);
        Assert.Contains(lines[1].GetProperty("training_time").GetDouble(), halfwayTimes);
        double spent = 0;
        foreach (int i in new[] { 0, 1, 3 })
        {
            spent += lines[i].GetProperty("training_time").GetDouble();
        }

        var counters = lines[5].GetProperty("budget_counters");
        Assert.Equal(spent, counters.GetProperty("training_time_spent").GetDouble());
        Assert.Equal(36 + (108 / 2) + (12 / 2), counters.GetProperty("total_epochs_spent").GetInt64());
        Assert.Contains("5 queries: 3 answered, 2 refused", error);
    }

    [Fact]
    public async Task QueryHash_EveryRepeatOfThatCell_AndPrettyIndents()
    {
        string store = await _box.SyntheticStoreAsync(3);
        string hash = _box.Index.Hash(2).ToString();
        var (code, output, _) = await CliSandbox.RunAsync("query", "--hash", hash, "--epochs", "4", "--store", store);
        Assert.Equal(0, code);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(output);
        Assert.Equal(hash, json.RootElement.GetProperty("module_hash").GetString());
        using var data = BenchmarkStore.Open(store, _box.Index);
        Assert.Equal(data.Metrics(2, 4, 1).Final.TestAccuracy, json.RootElement.GetProperty("repeats")[1].GetProperty("final_test_accuracy").GetDouble());
        var pretty = await CliSandbox.RunAsync("query", "--hash", hash, "--epochs", "4", "--store", store, "--pretty");
        Assert.True(pretty.Out.Split('\n').Length > 10);
        Assert.Equal(output.Replace(" ", string.Empty, StringComparison.Ordinal).Trim(),
            string.Concat(pretty.Out.Split('\n').Select(l => l.Trim())).Replace(" ", string.Empty, StringComparison.Ordinal));
        var missing = await CliSandbox.RunAsync("query", "--hash", _box.Index.Hash(100).ToString(), "--store", store);
        Assert.Equal(1, missing.Code);
        Assert.Contains("not in this benchmark", missing.Err);
    }

    [Theory]
    [InlineData("--hash", "xyz", "--hash: 'xyz' is not a module hash")]
    [InlineData("--file", "/nonexistent/specs.tsv", "--file: there is no file")]
    public async Task Query_BadHashOrFileIsRefusedBeforeTheStoreIsOpened(string option, string value, string message)
    {
        var (code, _, error) = await CliSandbox.RunAsync("query", option, value, "--store", _box.File("none.nbstore"));
        Assert.Equal(1, code);
        Assert.Contains(message, error);
    }
}
