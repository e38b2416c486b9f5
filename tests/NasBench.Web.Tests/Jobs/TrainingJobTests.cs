using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Core.Experiments;
using NasBench.Training.Experiments;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Jobs;

/// <summary>A real (tiny) FashionMNIST training through the API: on the gpu queue with CUDA, else cpu; each epoch stored
/// once; its files equal those of the CLI's runner for the same request (wall-clock fields aside).</summary>
[Collection(LabCollection.Name)]
public sealed class TrainingJobTests(LabServer lab, ITestOutputHelper output)
{
    /// <summary>Stem 8, one cell per stack, 512 training and 256 test images of Debian's FashionMNIST, one thread.</summary>
    internal static Dictionary<string, object> Tiny(int epochs, int trainImages = 512) => new()
    {
        ["kind"] = "training", ["adjacency"] = "0110000100010000", ["operations"] = "input,conv3x3-bn-relu,conv1x1-bn-relu,output",
        ["dataDir"] = "/usr/share/datasets/fashion-mnist", ["epochs"] = epochs, ["lr"] = 0.05, ["threads"] = 1, ["stemChannels"] = 8,
        ["cellsPerStack"] = 1, ["trainImages"] = trainImages, ["testImages"] = 256, ["seed"] = 1,
    };

    [Fact]
    public async Task TinyTraining_Succeeds_EpochsStoredOnce_FilesEqualTheClis()
    {
        using var client = lab.With(lab.MemberToken);
        // Two epochs (each stored once) of 128 images: the storage and the files are what is compared, not the accuracy.
        string body = JsonSerializer.Serialize(Tiny(2, trainImages: 128));
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(180), "succeeded", "failed");
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        Assert.Equal(LabRunners.CudaAvailable ? "gpu" : "cpu", done.GetProperty("queue").GetString());
        output.WriteLine($"web training: {(done.GetProperty("finishedAt").GetDateTimeOffset() - done.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds:F1} s");

        await using (var db = await lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal([1, 2], await db.TrainingEpochs.Where(e => e.ExperimentId == id).OrderBy(e => e.Epoch).Select(e => e.Epoch).ToListAsync());
            Assert.True(await db.TrainingSteps.AnyAsync(s => s.ExperimentId == id));
        }

        Assert.False(Directory.Exists(LabPaths.CheckpointDirectory(id)), "the checkpoints of a finished training are removed");
        var files = (await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/files")).EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Equal(["epochs.csv", "result.json"], files.Order());

        // `nasbench train … --out folder`: the CLI's runner into a FolderSink, same request.
        string cli = Path.Combine(lab.Home, "cli-training-" + id);
        await new TrainingRunner().RunAsync(ExperimentJson.Deserialize(body), new FolderSink(cli, null), null, CancellationToken.None);
        Assert.Equal(Directory.GetFiles(cli).Select(Path.GetFileName).Order(), files.Order());
        string webResult = await client.GetStringAsync(new Uri($"/api/experiments/{id}/files/result.json", UriKind.Relative));
        Assert.Equal(WithoutSeconds(await File.ReadAllTextAsync(Path.Combine(cli, "result.json"))), WithoutSeconds(webResult));
        string webEpochs = await client.GetStringAsync(new Uri($"/api/experiments/{id}/files/epochs.csv", UriKind.Relative));
        Assert.Equal(WithoutColumn(await File.ReadAllTextAsync(Path.Combine(cli, "epochs.csv")), "seconds"), WithoutColumn(webEpochs, "seconds"));
    }

    [Theory]
    [InlineData("dataDir", "/etc", "--data-dir must be a folder under")]
    [InlineData("checkpointDir", "/tmp/elsewhere", "--checkpoint-dir must be a folder under")]
    public async Task TrainingPathsOutsideTheAllowedFolders_Are400(string field, string value, string message)
    {
        var request = Tiny(1);
        request[field] = value;
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(JsonSerializer.Serialize(request)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString());
    }

    /// <summary>result.json without its wall-clock field.</summary>
    internal static string WithoutSeconds(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("seconds");
        return node.ToJsonString();
    }

    /// <summary>A CSV without one column.</summary>
    internal static string WithoutColumn(string csv, string column)
    {
        var lines = csv.Split('\n');
        int index = Array.IndexOf(lines[0].Split(','), column);
        return string.Join('\n', lines.Select(l => index < 0 || l.Length == 0 ? l : string.Join(',', l.Split(',').Where((_, i) => i != index))));
    }
}
