using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Web.Data;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Results;

/// <summary>
/// Scale (opt-in: NASBENCH_SCALE=10000): that many experiments imported through POST /api/experiments/import (arrays of
/// up to 25 MB), each published, then /api/results, /results, /api/experiments timed (p50/p95 over 100 requests each) and the
/// server's memory. Skipped otherwise, so the suite stays short.
/// </summary>
[Collection(LabCollection.Name)]
public class ResultsScaleTests(LabServer lab, ITestOutputHelper output)
{
    [Fact]
    public async Task TenThousandPublished_ListsStayFast()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("NASBENCH_SCALE"), out int count) || count <= 0)
        {
            return;
        }

        long id = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 2, queries: 50);
        using var member = lab.With(lab.MemberToken);
        string doc = await member.GetStringAsync(new Uri($"/api/experiments/{id}/export", UriKind.Relative));
        (await member.PostAsync(new Uri($"/api/experiments/{id}/publish", UriKind.Relative), LabApi.Json("""{"title":"scale template","tags":["scale"]}"""))).EnsureSuccessStatusCode();
        Memory("before the import");
        var clock = Stopwatch.StartNew();
        var ids = new List<long>();
        // Kestrel reads at most 30 MB a request: arrays of as many documents as fit in 25 MB.
        int batch = int.TryParse(Environment.GetEnvironmentVariable("NASBENCH_SCALE_BATCH"), out int b) ? b : Math.Clamp(25_000_000 / doc.Length, 1, 500);
        output.WriteLine($"document: {doc.Length:N0} bytes, {batch} a request");
        byte[] docBytes = System.Text.Encoding.UTF8.GetBytes(doc);
        for (int done = 0; done < count; done += batch)
        {
            int n = Math.Min(batch, count - done);
            // Built without string.Join (its builder rents from ArrayPool<char>.Shared, which would keep 64 MB arrays in this process).
            using var content = new ByteArrayContent(Batch(docBytes, n));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await member.PostAsync(new Uri("/api/experiments/import", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            ids.AddRange((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(x => x.GetInt64()));
        }

        output.WriteLine($"imported {ids.Count} experiments in {clock.Elapsed.TotalSeconds:0.0} s");
        Memory("after the import");
        clock.Restart();
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            // Publishing computes each card's numbers from its rows (Core's aggregate); here the template's are copied, row by row.
            var template = await db.Publications().AsNoTracking().SingleAsync(p => p.ExperimentId == id);
            string[] kinds = ["search", "compare", "training", "correlate"];
            db.Publications().AddRange(ids.Select((x, i) => new Publication
            {
                ExperimentId = x, Title = $"result {i}", Note = i % 7 == 0 ? "needle" : "", Tags = i % 10 == 0 ? ",scale,ten," : ",scale,", PublisherId = template.PublisherId,
                Publisher = template.Publisher, PublishedAt = DateTimeOffset.UtcNow, Kind = kinds[i % 4], Dataset = "cifar10", Algorithm = i % 2 == 0 ? "random" : "evolution",
                Owner = i % 3 == 0 ? LabServer.AdminEmail : LabServer.MemberEmail, FactsJson = template.FactsJson, ChartJson = template.ChartJson,
            }));
            await db.SaveChangesAsync();
        }

        output.WriteLine($"published {ids.Count} in {clock.Elapsed.TotalSeconds:0.0} s");
        using var viewer = lab.With(lab.ViewerToken);
        await TimeAsync(viewer, "/api/results?take=20");
        await TimeAsync(viewer, "/api/results?take=20&skip=5000");
        await TimeAsync(viewer, "/api/results?kind=compare&algorithm=evolution&owner=" + Uri.EscapeDataString(LabServer.AdminEmail));
        await TimeAsync(viewer, "/api/results?tag=ten&q=needle");
        await TimeAsync(viewer, "/results");
        await TimeAsync(viewer, "/results?skip=9000&kind=search");
        await TimeAsync(viewer, "/api/experiments?take=50");
        await TimeAsync(viewer, "/api/experiments?take=50&skip=9000&kind=search");
        await TimeAsync(viewer, "/experiments");
        Memory("after the timings");
    }

    private static byte[] Batch(byte[] doc, int n)
    {
        var bytes = new byte[(doc.Length * n) + n + 1];
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            bytes[at++] = (byte)(i == 0 ? '[' : ',');
            doc.CopyTo(bytes, at);
            at += doc.Length;
        }

        bytes[at] = (byte)']';
        return bytes;
    }

    // Server and test runner share the process: the managed heap after a full compacting collection, and the working set.
    private void Memory(string when)
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        output.WriteLine($"memory {when}: managed {GC.GetTotalMemory(true) / 1e6:0} MB, working set {Process.GetCurrentProcess().WorkingSet64 / 1e6:0} MB");
    }

    private async Task TimeAsync(HttpClient client, string path)
    {
        var times = new List<double>();
        for (int i = 0; i < 105; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            _ = await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            if (i >= 5)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        output.WriteLine($"{path}: p50 {times[times.Count / 2]:0.0} ms, p95 {times[(int)(times.Count * 0.95)]:0.0} ms");
    }
}
