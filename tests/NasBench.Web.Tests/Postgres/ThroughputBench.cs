using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasBench.Web.Tests.ChildProcesses;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Postgres;

/// <summary>
/// Throughput of short searches on the embedded lab server (one process, its one Hangfire server with the test
/// server's 2 cpu workers): 50 searches of 100 queries submitted at once through the API, time until all succeeded.
/// A measurement: <c>NASBENCH_WEB_BENCH=1 dotnet test tests/NasBench.Web.Tests -c Release --filter
/// "FullyQualifiedName~Throughput" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Bench")]
public abstract class ThroughputBench(LabServer lab, ITestOutputHelper output)
{
    private const int Experiments = 50;

    [BenchFact]
    public async Task ShortSearches_PerSecond()
    {
        using var client = lab.With(lab.MemberToken);
        await RunAsync(client, 4); // warm-up: JIT, the benchmark's caches, the connection pools
        var clock = Stopwatch.StartNew();
        var done = await RunAsync(client, Experiments);
        double seconds = clock.Elapsed.TotalSeconds;
        var waits = done.Select(d => (d.GetProperty("startedAt").GetDateTimeOffset() - d.GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lab.Database}: {Experiments} searches × 100 queries in {seconds:F2} s = {Experiments / seconds:F1} experiments/s; enqueue → running {LabBench.Summary(waits)}"));
        Assert.All(done, d => Assert.Equal(1, d.GetProperty("attempts").GetInt32()));
    }

    private async Task<List<JsonElement>> RunAsync(HttpClient client, int count)
    {
        string records = JsonSerializer.Serialize(LabServer.RecordsCsv);
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            string body = $$"""{"kind":"search","algorithm":"random","runs":1,"queries":100,"seed":{{i}},"records":{{records}}}""";
            var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(body));
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }));
        var done = new List<JsonElement>();
        foreach (long id in ids)
        {
            var e = await lab.WaitForAsync(client, id, TimeSpan.FromMinutes(5), "succeeded", "failed", "cancelled");
            Assert.Equal("succeeded", e.GetProperty("status").GetString());
            done.Add(e);
        }

        return done;
    }
}

/// <summary><see cref="ThroughputBench"/> on SQLite (lab.db, jobs.db).</summary>
[Collection(LabCollection.Name)]
public sealed class ThroughputSqliteBench(LabServer lab, ITestOutputHelper output) : ThroughputBench(lab, output);

/// <summary><see cref="ThroughputBench"/> on PostgreSQL.</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class ThroughputPostgresBench(PostgresLabServer lab, ITestOutputHelper output) : ThroughputBench(lab, output);
