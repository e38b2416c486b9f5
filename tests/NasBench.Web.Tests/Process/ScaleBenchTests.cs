using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Web.Data;
using Xunit.Abstractions;

// Not "…Tests.Process": that namespace would hide System.Diagnostics.Process from every other test namespace.
namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>
/// Issue 10's "must show", scale part: server times of the experiments list, one experiment and the experiment page
/// with 10,000 experiments and 1,000,000 trajectory points in lab.db (with the query plans SQLite picks), and a
/// 10-run × 5e6-simulated-second search through the web against the CLI's runner for the same request.
/// </summary>
[Collection(ChildProcessCollection.Name)]
[Trait("Category", "Bench")]
public sealed class ScaleBenchTests(ITestOutputHelper output) : IDisposable
{
    private const int Experiments = 10_000;
    private const int Points = 1_000_000;
    private readonly string _home = Path.Combine(Path.GetTempPath(), "nasbench-web-bench-" + Guid.NewGuid().ToString("N")[..8]);

    [BenchFact]
    public async Task TenThousandExperiments_OneMillionPoints_ServerTimes()
    {
        await using var server = new LabProcess(_home);
        await server.StartAsync(TimeSpan.FromSeconds(90));
        using var client = await server.AdminAsync();
        var clock = Stopwatch.StartNew();
        long big = await FillAsync(server);
        output.WriteLine($"inserted {Experiments:N0} experiments and {Points:N0} points in {clock.Elapsed.TotalSeconds:F1} s; the big experiment is #{big} (500,000 points, 10 runs)");

        foreach (string url in new[]
        {
            "/api/experiments", "/api/experiments?take=50&skip=5000", "/api/experiments?skip=9950&take=50", "/api/experiments?kind=compare",
            "/api/experiments?status=failed", "/api/experiments?owner=member3@lab.test", "/api/experiments?kind=search&status=succeeded&take=500",
            $"/api/experiments/{big}", "/api/experiments/5000",
        })
        {
            output.WriteLine($"GET {url}: {LabBench.Summary(await TimeAsync(client, url, 30))}");
        }

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(server.Home, "lab.db")};Mode=ReadOnly"))
        {
            await db.OpenAsync();
            foreach (string sql in new[]
            {
                "SELECT * FROM Experiments ORDER BY Id DESC LIMIT 50 OFFSET 5000",
                "SELECT * FROM Experiments WHERE Kind = 'compare' ORDER BY Id DESC LIMIT 50",
                "SELECT * FROM Experiments WHERE Status = 'failed' ORDER BY Id DESC LIMIT 50",
                "SELECT * FROM Experiments WHERE Owner = 'member3@lab.test' ORDER BY Id DESC LIMIT 50",
                $"SELECT * FROM TrajectoryPoints WHERE ExperimentId = {big} ORDER BY Id",
                $"SELECT * FROM TrajectoryPoints WHERE ExperimentId = {big} AND Id > 10 ORDER BY Id LIMIT 20000",
            })
            {
                await using var plan = db.CreateCommand();
                plan.CommandText = "EXPLAIN QUERY PLAN " + sql;
                var steps = new List<string>();
                await using (var reader = await plan.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        steps.Add(reader.GetString(3));
                    }
                }

                output.WriteLine($"plan of {sql}: {string.Join(" | ", steps)}");
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LabBench.ChromiumAsync(playwright);
        string state = await LabBench.SignInAsync(browser, server.BaseAddress);
        await using var context = await browser.NewContextAsync(new() { StorageState = state });
        var page = await context.NewPageAsync();
        // Server time of a page: the prerendered HTML (the chart reads its trajectory there too), signed in by the cookie.
        foreach (string path in new[] { "experiments", $"experiments/{big}", "experiments/101", "experiments/5000" })
        {
            var times = new List<double>();
            for (int i = 0; i < 13; i++)
            {
                var watch = Stopwatch.StartNew();
                var response = await context.APIRequest.GetAsync(new Uri(server.BaseAddress, path).ToString());
                await response.BodyAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                Assert.True(response.Ok, path);
            }

            output.WriteLine($"GET /{path} (server prerender, signed in): {LabBench.Summary(times[3..])}");
        }

        foreach (var (path, ready) in new[] { ("experiments", "#total"), ($"experiments/{big}", "#chart-points"), ("experiments/101", "#chart-points"), ("experiments/5000", "h1") })
        {
            var times = new List<double>();
            for (int i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                await page.GotoAsync(new Uri(server.BaseAddress, path).ToString(), new() { Timeout = 120_000 });
                await page.Locator(ready).WaitForAsync(new() { Timeout = 120_000 });
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            output.WriteLine($"page /{path} (navigation → {ready} shown): {LabBench.Summary(times)}; {await page.Locator(ready).TextContentAsync()}");
        }

        var usage = server.Usage();
        output.WriteLine($"server RSS after the pages: {usage.RssBytes / 1048576.0:F0} MiB (peak {usage.PeakRssBytes / 1048576.0:F0} MiB)");
    }

    [BenchFact]
    public Task SeedPaperSearch_ThroughTheWeb_AgainstTheCli() => WebAgainstCliAsync(10);

    /// <summary>Ten times the work: how much of the web's extra time is fixed (queue poll, job start, files).</summary>
    [BenchFact]
    public Task HundredRunSearch_ThroughTheWeb_AgainstTheCli() => WebAgainstCliAsync(100);

    /// <summary>The same request from the CLI (<c>nasbench search</c>, process start to exit; build NasBench.Cli in the same
    /// configuration first) and through the web (POST /api/experiments → status succeeded, polled every 10 ms), on the
    /// same store file (NASBENCH_HOME/nasbench.nbstore, a full-size SYNTHETIC store imported by the CLI). Six each, the first
    /// of each left out of the medians (the web's first opens the store; the CLI opens it every time, that is its cost).</summary>
    private async Task WebAgainstCliAsync(int runs)
    {
        string configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        string cliDll = LabServer.FindUp(Path.Combine("NasBench.Cli", "bin", configuration, "net10.0", "nasbench.dll"));
        Directory.CreateDirectory(_home);
        LabServer.CopyCachedCellIndex(_home);
        string tfrecord = Path.Combine(_home, "synthetic.tfrecord");
        Assert.Equal(0, (await CliAsync(cliDll, "data", "synth", "--out", tfrecord)).Code);
        Assert.Equal(0, (await CliAsync(cliDll, "data", "import", tfrecord)).Code);
        File.Delete(tfrecord);
        output.WriteLine($"evolution, {runs} runs × 5e6 simulated seconds, the full-size SYNTHETIC store in {_home}");
        var cli = new List<double>();
        for (int i = 0; i < 6; i++)
        {
            var (code, ms) = await CliAsync(cliDll, "search", "--algorithm", "evolution", "--runs", runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--simulated-seconds", "5e6", "--out", Path.Combine(_home, "cli" + i));
            Assert.Equal(0, code);
            cli.Add(ms);
        }

        var request = new { kind = "search", algorithm = "evolution", runs, simulatedSeconds = 5e6 };
        await using var server = new LabProcess(_home);
        await server.StartAsync(TimeSpan.FromSeconds(90));
        using var client = await server.AdminAsync();
        var total = new List<double>();
        var run = new List<double>();
        for (int i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            long id = await LabApi.LaunchAsync(client, request);
            var done = await Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}"),
                e => ExperimentStates.IsFinal(e.GetProperty("status").GetString()!), TimeSpan.FromSeconds(300), $"experiment {id} finishing", interval: TimeSpan.FromMilliseconds(10));

            total.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
            run.Add((done.GetProperty("finishedAt").GetDateTimeOffset() - done.GetProperty("startedAt").GetDateTimeOffset()).TotalMilliseconds);
        }

        output.WriteLine($"CLI `nasbench search`, process start → exit: {string.Join(", ", cli.Select(t => $"{t:F0} ms"))}");
        output.WriteLine($"web, POST → succeeded seen by the client (1st opens the store): {string.Join(", ", total.Select(t => $"{t:F0} ms"))}");
        output.WriteLine($"web, started → finished (server clock): {string.Join(", ", run.Select(t => $"{t:F0} ms"))}");
        output.WriteLine($"the server's own account: {string.Join(" | ", server.Log.Split('\n').Where(l => l.Contains(" took ", StringComparison.Ordinal)).Select(l => l.Trim()))}");
        double cliWarm = LabBench.Quantile(cli[1..], 0.5), webWarm = LabBench.Quantile(total[1..], 0.5), runWarm = LabBench.Quantile(run[1..], 0.5);
        output.WriteLine($"medians of runs 2–6: CLI {cliWarm:F0} ms, web total {webWarm:F0} ms ({webWarm / cliWarm:F2}× the CLI), web run {runWarm:F0} ms; first: CLI {cli[0]:F0} ms, web {total[0]:F0} ms ({total[0] / cli[0]:F2}×)");
        Assert.All(cli.Concat(total), t => Assert.True(t > 0));
    }

    private async Task<(int Code, double Ms)> CliAsync(string dll, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NASBENCH_HOME"] = _home;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        double ms = watch.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            output.WriteLine($"nasbench {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }

        return (process.ExitCode, ms);
    }

    private static async Task<List<double>> TimeAsync(HttpClient client, string url, int times)
    {
        var ms = new List<double>();
        for (int i = 0; i < times; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            await response.Content.ReadAsByteArrayAsync();
            ms.Add(watch.Elapsed.TotalMilliseconds);
            Assert.True(response.IsSuccessStatusCode, url);
        }

        return ms.Skip(3).ToList(); // The first calls warm the JIT and the page cache.
    }

    /// <summary>10,000 experiments (EF) and 1,000,000 points (batched raw inserts): half in one 10-run search, the rest in
    /// 50 searches of 10,000.</summary>
    private static async Task<long> FillAsync(LabProcess server)
    {
        string[] kinds = ["search", "compare", "distance", "cells", "correlate"];
        string[] states = [.. ExperimentStates.All];
        await using (var db = server.Database())
        {
            string owner = (await db.Users.FirstAsync()).Id;
            for (int chunk = 0; chunk < Experiments; chunk += 1000)
            {
                for (int i = chunk; i < chunk + 1000; i++)
                {
                    string kind = kinds[i % kinds.Length];
                    db.Experiments.Add(new Experiment
                    {
                        Kind = kind, Name = $"{kind} bench {i}", OwnerId = owner, Owner = $"member{i % 7}@lab.test", Status = states[i % states.Length],
                        RequestJson = $$"""{"kind":"search","queries":{{i + 10}},"runs":10}""", CommandLine = $"nasbench search --queries {i + 10}",
                        CreatedAt = DateTimeOffset.UtcNow.AddMinutes(i - Experiments), Progress = 1, Attempts = 1,
                    });
                }

                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        long first;
        await using (var db = server.Database())
        {
            first = await db.Experiments.MinAsync(e => e.Id);
        }

        await using var sql = new SqliteConnection($"Data Source={Path.Combine(server.Home, "lab.db")}");
        await sql.OpenAsync();
        long big = first + 1; // a compare (kind index 1), its page draws the search chart
        var owners = Enumerable.Range(0, 50).Select(k => first + 100 + (k * 100)).Prepend(big).ToArray();
        for (int o = 0; o < owners.Length; o++)
        {
            int runs = o == 0 ? 10 : 1;
            int perRun = o == 0 ? 50_000 : 10_000;
            await using var transaction = sql.BeginTransaction();
            await using var insert = sql.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO TrajectoryPoints (ExperimentId, Configuration, Run, Step, CellsExplored, SimulatedSeconds, WallClockSeconds, IncumbentHash,
                    ValidationAccuracy, TestAccuracy, MeanTestAccuracy, TestRegret) VALUES ($e, 0, $r, $s, $s, $t, 0, '00000000000000000000000000000000', $a, $a, $a, $g)
                """;
            var e = insert.Parameters.Add("$e", SqliteType.Integer);
            var r = insert.Parameters.Add("$r", SqliteType.Integer);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var t = insert.Parameters.Add("$t", SqliteType.Real);
            var a = insert.Parameters.Add("$a", SqliteType.Real);
            var g = insert.Parameters.Add("$g", SqliteType.Real);
            insert.Prepare();
            e.Value = owners[o];
            for (int run = 0; run < runs; run++)
            {
                await using var searchRun = sql.CreateCommand();
                searchRun.Transaction = transaction;
                searchRun.CommandText = $"INSERT INTO SearchRuns (ExperimentId, Configuration, Run, Algorithm, Completed, Steps) VALUES ({owners[o]}, 0, {run}, 'random', 1, {perRun})";
                await searchRun.ExecuteNonQueryAsync();
                r.Value = run;
                for (int step = 0; step < perRun; step++)
                {
                    s.Value = step;
                    t.Value = (step + 1) * 1000.0;
                    double accuracy = 0.9 + (0.05 * step / perRun);
                    a.Value = accuracy;
                    g.Value = 0.951 - accuracy;
                    await insert.ExecuteNonQueryAsync();
                }
            }

            await transaction.CommitAsync();
        }

        return big;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temporary folder.
        }
    }
}
