extern alias cli;
using System.Net.Http.Json;
using System.Text.Json;
using NasBench.Web.Tests.Jobs;
using Xunit.Abstractions;
using Cli = cli::NasBench.Cli.NasBenchCli;

namespace NasBench.Web.Tests.Submit;

/// <summary>`nasbench submit` against the real lab server (Kestrel on 127.0.0.1, Hangfire, SQLite): the files it
/// downloads equal a local run's, and every way it can go wrong says so in one line with the CLI's exit code.</summary>
[Collection(LabCollection.Name)]
public sealed class SubmitCommandTests(LabServer lab, ITestOutputHelper output)
{
    private static readonly string[] Search =
        ["search", "--algorithm", "evolution", "--queries", "200", "--runs", "3", "--seed", "3", "--population", "10", "--tournament", "3", "--records", LabServer.RecordsCsv];

    private string[] Submit(string token, params string[] command) =>
        ["submit", "--server", lab.BaseAddress.ToString(), "--token", token, "--poll-seconds", "0.1", .. command];

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await Cli.RunAsync(args, stdout, stderr, cancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Folder(string name) => Path.Combine(lab.Home, "submit-tests", name + "-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public async Task SubmitSearch_DownloadsTheFilesOfTheLocalSearch()
    {
        string remote = Folder("submitted"), local = Folder("local");
        var submitted = await RunAsync(Submit(lab.MemberToken, [.. Search, "--out", remote]));
        output.WriteLine(submitted.Error);
        Assert.True(submitted.Code == 0, submitted.Error);
        Assert.Contains("uploaded " + LabServer.RecordsCsv, submitted.Error, StringComparison.Ordinal);
        Assert.Matches(@"experiment \d+: succeeded", submitted.Error);

        var ran = await RunAsync([.. Search, "--out", local]);
        Assert.True(ran.Code == 0, ran.Error);
        var names = Directory.GetFiles(local).Select(f => Path.GetFileName(f)).Order().ToList();
        Assert.Contains("trajectories.csv", names);
        Assert.Equal(names, Directory.GetFiles(remote).Select(Path.GetFileName).Order());
        foreach (string name in names)
        {
            AssertSameFile(Path.Combine(local, name), Path.Combine(remote, name));
        }
    }

    [Fact]
    public async Task SubmitTrain_PrintsAndDownloadsTheResultOfTheLocalTraining()
    {
        string[] train =
        [
            "train", "--adjacency", "0110000100010000", "--operations", "input,conv3x3-bn-relu,conv1x1-bn-relu,output", "--data-dir", "/usr/share/datasets/fashion-mnist",
            "--epochs", "1", "--lr", "0.05", "--threads", "1", "--stem-channels", "8", "--cells-per-stack", "1", "--train-images", "256", "--test-images", "128", "--seed", "1",
        ];
        string remote = Folder("train-submitted"), local = Folder("train-local");
        var submitted = await RunAsync(Submit(lab.MemberToken, [.. train, "--out", remote]));
        Assert.True(submitted.Code == 0, submitted.Error);
        var ran = await RunAsync([.. train, "--out", local]);
        Assert.True(ran.Code == 0, ran.Error);
        Assert.Equal(TrainingJobTests.WithoutSeconds(ran.Output), TrainingJobTests.WithoutSeconds(submitted.Output));
        Assert.Equal(["epochs.csv", "result.json"], Directory.GetFiles(remote).Select(Path.GetFileName).Order());
        Assert.Equal(TrainingJobTests.WithoutSeconds(File.ReadAllText(Path.Combine(local, "result.json"))), TrainingJobTests.WithoutSeconds(File.ReadAllText(Path.Combine(remote, "result.json"))));
        Assert.Equal(TrainingJobTests.WithoutColumn(File.ReadAllText(Path.Combine(local, "epochs.csv")), "seconds"), TrainingJobTests.WithoutColumn(File.ReadAllText(Path.Combine(remote, "epochs.csv")), "seconds"));
    }

    [Fact]
    public async Task SubmitCorrelate_UploadsTheLocalCsv()
    {
        string csv = Path.Combine(Path.GetTempPath(), "nasbench-submit-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        await File.WriteAllLinesAsync(csv, ["a,b", .. Enumerable.Range(0, 20).Select(i => $"{i * 0.01:F2},{(i * 7 % 20) * 0.01:F2}")]);
        try
        {
            string[] correlate = ["study", "correlate", "--file", csv, "--x", "a", "--y", "b", "--bootstrap", "50"];
            string remote = Folder("correlate-submitted"), local = Folder("correlate-local");
            var submitted = await RunAsync(Submit(lab.MemberToken, [.. correlate, "--out", remote]));
            Assert.True(submitted.Code == 0, submitted.Error);
            Assert.Contains($"uploaded {csv} (--file)", submitted.Error, StringComparison.Ordinal);
            Assert.True((await RunAsync([.. correlate, "--out", local])).Code == 0);
            var names = Directory.GetFiles(local).Select(f => Path.GetFileName(f)).Order().ToList();
            Assert.NotEmpty(names);
            Assert.Equal(names, Directory.GetFiles(remote).Select(Path.GetFileName).Order());
            foreach (string name in names.Where(n => n.EndsWith(".csv", StringComparison.Ordinal) || n.EndsWith(".json", StringComparison.Ordinal)))
            {
                AssertSameFile(Path.Combine(local, name), Path.Combine(remote, name));
            }
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task BadToken_Is401_AndAViewer_Is403()
    {
        var bad = await RunAsync(Submit("not-a-token", [.. Search, "--no-upload", "--out", Folder("bad")]));
        Assert.Equal(1, bad.Code);
        Assert.Contains("refused the token (401 Unauthorized): check --token or NASBENCH_TOKEN", bad.Error, StringComparison.Ordinal);
        var viewer = await RunAsync(Submit(lab.ViewerToken, [.. Search, "--no-upload", "--out", Folder("viewer")]));
        Assert.Equal(1, viewer.Code);
        Assert.Contains("does not let this account launch the experiment (403 Forbidden)", viewer.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad.Error + viewer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidOption_PrintsTheLocalMessage_AndSendsNothing()
    {
        int before = await CountAsync();
        var local = await RunAsync(["search", "--runs", "0", "--records", LabServer.RecordsCsv]);
        var submitted = await RunAsync(Submit(lab.MemberToken, "search", "--runs", "0", "--records", LabServer.RecordsCsv));
        Assert.Equal(1, submitted.Code);
        Assert.Equal(local.Code, submitted.Code);
        Assert.Equal(local.Error, submitted.Error);
        Assert.Contains("--runs must be between 1 and 10000 (got 0).", submitted.Error, StringComparison.Ordinal);
        var parse = await RunAsync(Submit(lab.MemberToken, "search", "--runs", "many"));
        Assert.Equal(2, parse.Code);
        Assert.Contains("--runs: 'many' is not a whole number.", parse.Error, StringComparison.Ordinal);
        var notExperiment = await RunAsync(Submit(lab.MemberToken, "space", "info"));
        Assert.Equal(2, notExperiment.Code);
        Assert.Contains("is not an experiment the lab server runs", notExperiment.Error, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task DryRun_PrintsTheBodyTheLocalCommandWouldSend()
    {
        var local = await RunAsync([.. Search, "--dry-run"]);
        var submitted = await RunAsync(["submit", "--dry-run", .. Search]);
        Assert.Equal(0, submitted.Code);
        Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(local.Output)!.ToJsonString(), System.Text.Json.Nodes.JsonNode.Parse(submitted.Output)!.ToJsonString());
        Assert.Equal("search", JsonDocument.Parse(submitted.Output).RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ServerRules_AreEachPrinted_FromTheProblemDetails()
    {
        // Not a local rule: the server's (paths must lie in its allowed folders), answered as a 400 naming the field.
        var answer = await RunAsync(Submit(lab.MemberToken, "search", "--store", "/etc/nasbench.nbstore", "--queries", "10"));
        Assert.Equal(1, answer.Code);
        Assert.Contains("error: the lab server refused the request (400)", answer.Error, StringComparison.Ordinal);
        Assert.Contains("error: --store must be a file under", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServer_SaysSo()
    {
        int port = LoopbackPort.Free();

        var answer = await RunAsync(["submit", "--server", $"http://127.0.0.1:{port}", "--token", "t", .. Search, "--no-upload"]);
        Assert.Equal(1, answer.Code);
        Assert.StartsWith($"error: cannot reach the lab server at http://127.0.0.1:{port}/ to launch the experiment:", answer.Error, StringComparison.Ordinal);
        var noToken = await RunAsync(["submit", "--server", $"http://127.0.0.1:{port}", .. Search]);
        Assert.Equal(Environment.GetEnvironmentVariable("NASBENCH_TOKEN") is null ? 2 : 1, noToken.Code);
    }

    [Fact]
    public async Task CtrlC_DuringALongSearch_CancelsItOnTheServer()
    {
        using var ctrlC = new CancellationTokenSource();
        using var stdout = new StringWriter();
        using var stderr = new LockedWriter();
        var running = Cli.RunAsync(Submit(lab.MemberToken, "search", "--algorithm", "random", "--queries", "2000000000", "--runs", "4", "--records", LabServer.RecordsCsv,
            "--no-upload", "--out", Folder("cancel")), stdout, stderr, ctrlC.Token);
        // Ctrl+C once the CLI follows a running experiment: it knows the id (its launch answered) and the runs are under way.
        string following = await Eventually.UntilAsync(() => Task.FromResult(stderr.ToString()),
            text => running.IsCompleted || System.Text.RegularExpressions.Regex.IsMatch(text, @"experiment \d+: running"), TimeSpan.FromSeconds(60), "the CLI following a running experiment");
        Assert.False(running.IsCompleted, following);
        long id = long.Parse(System.Text.RegularExpressions.Regex.Match(following, @"submitted experiment (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var client = lab.With(lab.MemberToken);
        await lab.WaitForSearchingAsync(client, id, TimeSpan.FromSeconds(60));
        await ctrlC.CancelAsync();
        Assert.Equal(130, await running);
        Assert.Contains($"asked the lab server to cancel experiment {id}", stderr.ToString(), StringComparison.Ordinal);
        var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(30), "cancelled", "succeeded", "failed");
        Assert.Equal("cancelled", done.GetProperty("status").GetString());
    }

    private async Task<int> CountAsync()
    {
        using var client = lab.With(lab.AdminToken);
        return (await client.GetFromJsonAsync<JsonElement>("/api/experiments?take=1")).GetProperty("total").GetInt32();
    }

    /// <summary>A StringWriter whose text the test reads while the CLI writes to it on another thread.</summary>
    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _lock = new();

        public override void Write(char value)
        {
            lock (_lock)
            {
                base.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_lock)
            {
                base.Write(buffer, index, count);
            }
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            lock (_lock)
            {
                base.Write(buffer);
            }
        }

        public override void Write(string? value)
        {
            lock (_lock)
            {
                base.Write(value);
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                return base.ToString();
            }
        }
    }

    /// <summary>Skia numbers an SVG's clip paths with a counter per process (cl_8 in the server's 9th figure): renumbered
    /// from 0 by first appearance, so two drawings compare by what they draw.</summary>
    private static string WithoutClipIds(string svg)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(svg, @"\bcl_[0-9a-f]+\b", m => "cl_" + (ids.TryGetValue(m.Value, out int n) ? n : ids[m.Value] = ids.Count));
    }

    private static string Excerpt(byte[] bytes, int at) => System.Text.Encoding.UTF8.GetString(bytes, Math.Max(0, at - 40), Math.Min(bytes.Length, at + 40) - Math.Max(0, at - 40));

    /// <summary>The same file, wall-clock columns of CSVs aside (the rest byte for byte).</summary>
    private static void AssertSameFile(string expected, string actual)
    {
        if (expected.EndsWith(".csv", StringComparison.Ordinal))
        {
            Assert.Equal(ExperimentJobTests.WithoutWallClock(File.ReadAllText(expected)), ExperimentJobTests.WithoutWallClock(File.ReadAllText(actual)));
        }
        else if (expected.EndsWith(".svg", StringComparison.Ordinal))
        {
            Assert.Equal(WithoutClipIds(File.ReadAllText(expected)), WithoutClipIds(File.ReadAllText(actual)));
        }
        else
        {
            byte[] want = File.ReadAllBytes(expected), got = File.ReadAllBytes(actual);
            int at = want.AsSpan().CommonPrefixLength(got);
            Assert.True(want.Length == got.Length && at == want.Length,
                $"{Path.GetFileName(expected)} differs at byte {at}: '{Excerpt(want, at)}' vs '{Excerpt(got, at)}'");
        }
    }
}
