using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.Experiments;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Jobs;

/// <summary>Issue 23 on the lab server: a local search that reuses its evaluations on a store smaller than its budget
/// ends by itself (it held a worker for good before, deaf to Cancel), and Cancel stops such a search within 2 s.</summary>
[Collection(LabCollection.Name)]
public class EndlessSearchTests(LabServer lab, ITestOutputHelper output)
{
    private static readonly SemaphoreSlim StoreLock = new(1, 1);

    [Fact]
    public async Task LocalSearchReusingEvaluations_BudgetLargerThanTheStore_SucceedsByItself_SayingWhy()
    {
        using var client = lab.With(lab.MemberToken);
        long id = await LaunchAsync(client, runs: 4);
        var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(60), "succeeded", "failed", "cancelled");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var notes = done.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.StartsWith("local: 4 of 4 runs ended before the budget (2500 queries), nothing left to query: every one of the 2,000 held cells was queried", StringComparison.Ordinal));
    }

    /// <summary>On the full-size SYNTHETIC benchmark the same search has hundreds of thousands of cells to find, slower and
    /// slower as its iterations turn free: Cancel stops it within 2 s (no run has finished, so no files are written).</summary>
    [Fact]
    public async Task Cancel_LocalSearchReusingEvaluations_OnTheFullBenchmark_StopsItWithin2s()
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(JsonSerializer.Serialize(
            new { kind = "search", algorithm = "local", reuseEvaluations = true, queries = 4_000_000_000L, runs = 2, synthetic = true })));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await lab.WaitForSearchingAsync(client, id, TimeSpan.FromSeconds(120));
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null)).StatusCode);
        var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(30), "cancelled", "succeeded", "failed");
        output.WriteLine($"cancel → cancelled: {clock.ElapsedMilliseconds} ms");
        Assert.Equal("cancelled", done.GetProperty("status").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"cancel → cancelled took {clock.Elapsed}");
    }

    private async Task<long> LaunchAsync(HttpClient client, int runs)
    {
        string store = await SmallStoreAsync();
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(JsonSerializer.Serialize(
            new { kind = "search", algorithm = "local", reuseEvaluations = true, queries = 2500, runs, store })));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>A SYNTHETIC store of the first 2,000 cells in the lab's data folder (written once per lab).</summary>
    private async Task<string> SmallStoreAsync()
    {
        string store = Path.Combine(lab.Home, "synthetic-2000.nbstore");
        await StoreLock.WaitAsync();
        try
        {
            if (!File.Exists(store))
            {
                var space = lab.Services.GetRequiredService<BenchmarkProvider>().Space();
                string records = Path.Combine(lab.Home, "synthetic-2000.tfrecord");
                SyntheticBenchmark.Write(records, space, new SyntheticBenchmarkOptions(Cells: 2000, AllEpochs: true, Seed: 3));
                BenchmarkImporter.Import(records, store, space);
            }
        }
        finally
        {
            StoreLock.Release();
        }

        return store;
    }
}
