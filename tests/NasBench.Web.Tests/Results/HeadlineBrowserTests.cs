using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasBench.Web.Data;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Results;

/// <summary>
/// Issue 18: the experiment page's headline (per algorithm final regret and accuracy, mean ± 95 % CI, median, n) above
/// the fold, its runs table sorted by a click, and its LaTeX download compiled by pdflatex with the numbers equal to the
/// database's to 4 decimals. Screenshots go to screenshots/.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class HeadlineBrowserTests(LabServer lab, Pages.BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ExperimentPage_ShowsTheHeadlineAboveTheFold_TheRunsTableSorts_AndTheLatexCompilesWithTheDatabasesNumbers()
    {
        long id = await LabExperiments.SearchAsync(lab, lab.MemberToken, algorithm: "evolution", runs: 5, queries: 200, seed: 4);
        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync($"{lab.BaseAddress}experiments/{id}");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var row = page.Locator("#headline-table tr[data-algorithm=evolution]");
        await Assertions.Expect(row.Locator("td.n")).ToHaveTextAsync("5");
        await Assertions.Expect(row.Locator("td.accuracy")).ToContainTextAsync("±");
        Assert.True((await page.Locator("#headline").BoundingBoxAsync())!.Y < 900, "headline below the fold");
        Assert.True(await row.Locator("td.best-cells a[href^='/cells/']").CountAsync() >= 1);

        // Runs table: 5 rows, sorted by accuracy (descending) first; a click on "queries" sorts by it.
        var runs = page.Locator("#runs-table tr:has(td)");
        await Assertions.Expect(runs).ToHaveCountAsync(5);
        var accuracies = (await page.Locator("#runs-table td.accuracy").AllInnerTextsAsync()).Select(D).ToList();
        Assert.Equal(accuracies.OrderByDescending(a => a), accuracies);
        await page.ClickAsync("#runs-table button[data-key=queries]");
        await Assertions.Expect(page.Locator("#runs-table")).ToHaveAttributeAsync("data-sort", "queries");
        Assert.True(await page.Locator("#runs-table td a[href^='/cells/']").CountAsync() == 5);
        await ShotAsync(page, "experiment-headline");

        string href = (await page.Locator("#headline-latex").GetAttributeAsync("href"))!;
        string latex = Encoding.UTF8.GetString(Convert.FromBase64String(href[(href.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        var (regret, accuracy) = await FinalsFromTheDatabaseAsync(id);
        var cells = Regex.Match(latex, @"^evolution & (.*) \\\\$", RegexOptions.Multiline).Groups[1].Value.Split(" & ");
        Assert.Equal("5", cells[0]);
        Assert.Equal(regret.Average().ToString("F4", CultureInfo.InvariantCulture), cells[1]);
        Assert.Equal(accuracy.Average().ToString("F4", CultureInfo.InvariantCulture), cells[5]);
        Assert.Equal(Median(accuracy).ToString("F4", CultureInfo.InvariantCulture), cells[8]);
        Compile(latex);

        // The experiments list: filters from the URL, the headline number per row.
        await page.GotoAsync($"{lab.BaseAddress}experiments?kind=search&status=succeeded");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Equal("search", await page.Locator("#filter-kind").InputValueAsync());
        var listed = page.Locator($"tr:has(a[href='/experiments/{id}']) td.headline");
        await Assertions.Expect(listed).ToHaveTextAsync(new Regex("^regret "));
        await ShotAsync(page, "experiments-list");
        await page.SelectOptionAsync("#filter-status", "failed");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=failed"), new() { Timeout = 60_000 });
    }

    /// <summary>Each run's last stored point, read with EF from the trajectory rows (not through Core's aggregation).</summary>
    private async Task<(double[] Regret, double[] Accuracy)> FinalsFromTheDatabaseAsync(long id)
    {
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var rows = await db.TrajectoryPoints.AsNoTracking().Where(p => p.ExperimentId == id).ToListAsync();
        var finals = rows.GroupBy(p => (p.Configuration, p.Run)).Select(g => g.MaxBy(p => p.Step)!).ToArray();
        return ([.. finals.Select(p => p.TestRegret)], [.. finals.Select(p => p.MeanTestAccuracy)]);
    }

    private static double Median(double[] values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }

    private void Compile(string table)
    {
        string dir = Path.Combine(Path.GetTempPath(), "nasbench-latex-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "table.tex"), "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{booktabs}\n\\begin{document}\n" + table + "\\end{document}\n");
        using var pdflatex = Process.Start(new ProcessStartInfo("pdflatex", "-interaction=nonstopmode -halt-on-error table.tex")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string log = pdflatex.StandardOutput.ReadToEnd();
        pdflatex.WaitForExit();
        Assert.True(pdflatex.ExitCode == 0, log);
        Assert.True(new FileInfo(Path.Combine(dir, "table.pdf")).Length > 1000);
        output.WriteLine($"compiled: {Path.Combine(dir, "table.pdf")}");
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private Task<IPage> SignedInAsync(string email) => browser.SignedInAsync(lab, email);

    private Task ShotAsync(IPage page, string name) => Pages.BrowserFixture.ShotAsync(page, name, output);

    public Task DisposeAsync() => browser.CloseContextsAsync();
}
