using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasBench.Web.Tests.Results;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Security;

/// <summary>
/// The one path policy, wherever a request names a server file: the /cells pages' ?records= and ?store=, GET
/// /api/correlation?file=, and a request's store, records and file. Inside the allowed folders, a regular file, never the
/// lab's own databases, WAL files, cell index or checkpoints; and the same answer whether a file outside exists or not.
/// </summary>
[Collection(LabCollection.Name)]
public class ServerPathTests(LabServer lab, ITestOutputHelper output)
{
    [Fact]
    public async Task TheCellsPage_WithDevZero_IsRefusedAtOnce_AndTheServerDoesNotGrow()
    {
        using var member = lab.With(lab.MemberToken);
        member.Timeout = TimeSpan.FromSeconds(30);
        long before = WorkingSet();
        var clock = Stopwatch.StartNew();
        foreach (string page in new[] { "/cells?records=/dev/zero", "/cells?store=/dev/zero", "/cells/00000000000000000000000000000000?records=/dev/zero" })
        {
            var response = await member.GetAsync(new Uri(page, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("must be a file under", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }

        long after = WorkingSet();
        output.WriteLine($"/cells with /dev/zero (3 pages) in {clock.ElapsedMilliseconds} ms; server working set {before >> 20} MB before, {after >> 20} MB after");
        Assert.True(after - before < 200L << 20, $"The server grew by {(after - before) >> 20} MB");
    }

    [Fact]
    public async Task AFileOutside_GetsTheSameAnswer_WhetherItExistsOrNot()
    {
        using var member = lab.With(lab.MemberToken);
        string Page(string path) => $"/cells?records={Uri.EscapeDataString(path)}";
        string exists = await TextAsync(member, Page("/etc/passwd"));
        string missing = await TextAsync(member, Page("/etc/no-such-file"));
        Assert.Equal(exists.Replace("/etc/passwd", "X", StringComparison.Ordinal), missing.Replace("/etc/no-such-file", "X", StringComparison.Ordinal));
        var a = await member.GetAsync(new Uri("/api/correlation?file=/etc/passwd&y=a&x=b", UriKind.Relative));
        var b = await member.GetAsync(new Uri("/api/correlation?file=/etc/no-such-file&y=a&x=b", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode);
        static async Task<string> Detail(HttpResponseMessage r) => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Equal((await Detail(a)).Replace("/etc/passwd", "X", StringComparison.Ordinal), (await Detail(b)).Replace("/etc/no-such-file", "X", StringComparison.Ordinal));
    }

    public static TheoryData<string> LabOwnFiles() => ["lab.db", "lab.db-wal", "lab.db-shm", "jobs.db", "jobs.db-wal", "cells.nbindex", "checkpoints/1/epoch-1.pt", "checkpoints"];

    [Theory]
    [MemberData(nameof(LabOwnFiles))]
    public async Task TheLabsOwnFiles_AreNeverReadForARequest(string name)
    {
        string path = Path.Combine(lab.Home, name);
        using var member = lab.With(lab.MemberToken);
        var correlation = await member.GetAsync(new Uri($"/api/correlation?file={Uri.EscapeDataString(path)}&y=a&x=b", UriKind.Relative));
        string text = await correlation.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, correlation.StatusCode);
        Assert.Contains("the lab's own files", text);
        Assert.DoesNotContain("SQLite format", text);
        foreach (string field in new[] { "store", "records" })
        {
            var launch = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative),
                LabExperiments.Json(JsonSerializer.Serialize(new Dictionary<string, object> { ["kind"] = "search", ["queries"] = 10, ["runs"] = 1, [field] = path })));
            Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
            Assert.Contains("the lab's own files", (await launch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString());
        }

        Assert.Contains("the lab's own files", await TextAsync(member, $"/cells?store={Uri.EscapeDataString(path)}"));
    }

    [Fact]
    public async Task AFifo_AFolder_AndAnEmptyFile_InsideTheDataFolder_AreNotRegularFiles()
    {
        string fifo = Path.Combine(lab.Home, "uploads-fifo-" + Guid.NewGuid().ToString("N")[..6]);
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        string folder = Directory.CreateDirectory(Path.Combine(lab.Home, "a-folder-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        string empty = Path.Combine(lab.Home, "empty-" + Guid.NewGuid().ToString("N")[..6] + ".csv");
        await File.WriteAllTextAsync(empty, "");
        using var member = lab.With(lab.MemberToken);
        member.Timeout = TimeSpan.FromSeconds(30);
        foreach (string path in new[] { fifo, folder, empty })
        {
            var correlation = await member.GetAsync(new Uri($"/api/correlation?file={Uri.EscapeDataString(path)}&y=a&x=b", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, correlation.StatusCode);
            var launch = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative),
                LabExperiments.Json(JsonSerializer.Serialize(new { kind = "search", queries = 10, runs = 1, records = path })));
            Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
            string page = await TextAsync(member, $"/cells?records={Uri.EscapeDataString(path)}");
            Assert.True(page.Contains("regular file", StringComparison.Ordinal) || page.Contains("no file", StringComparison.Ordinal), page[..Math.Min(page.Length, 400)]);
        }
    }

    /// <summary>The page's error message (the cells pages show it in a p.error), or the whole page when there is none.</summary>
    private static async Task<string> TextAsync(HttpClient client, string path)
    {
        string html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var error = System.Text.RegularExpressions.Regex.Match(html, "<p class=\"error\"[^>]*>(?<text>[^<]*)</p>");
        return WebUtility.HtmlDecode(error.Success ? error.Groups["text"].Value : html);
    }

    private static long WorkingSet()
    {
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
