using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasBench.Core.Experiments;
using NasBench.Web.Data;

namespace NasBench.Web.Tests.Pages;

/// <summary>Issue 18: the preset picker shows what it will launch before it launches, launches one group on one
/// confirm and opens the page that gathers it; a re-run records its source, links "re-run of #N" and keeps the name.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task SeedPaperPreset_PreviewThenLaunch_OpensTheGroupPageThatGathersItsResults()
    {
        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync(lab.BaseAddress + "experiments/new");
        await ReadyAsync(page);
        await page.CheckAsync("#source-records");
        await page.FillAsync("#path", LabServer.RecordsCsv);
        await page.Locator("#path").BlurAsync();
        Assert.Equal(0, await page.Locator("#preset-preview").CountAsync());
        await page.ClickAsync("#presets");

        // The preview: the seed paper's comparison (with tree and local search) and its two studies, on the form's
        // benchmark, each with what it reproduces and an estimate; Table 1's training study listed but left out.
        var preview = page.Locator("#preset-preview");
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-preset", ExperimentPresets.SeedPaper);
        await Assertions.Expect(page.Locator("#preset-paper")).ToContainTextAsync("Malhotra & Biswas (2021)");
        var compare = page.Locator("#preset-parts tr[data-kind=compare]");
        await Assertions.Expect(compare).ToContainTextAsync("comparison: random, evolution, tree, local");
        await Assertions.Expect(compare).ToContainTextAsync("--records");
        await Assertions.Expect(compare).ToContainTextAsync("25–75 % band");
        await Assertions.Expect(compare.Locator(".estimate")).ToContainTextAsync("about");
        await Assertions.Expect(page.Locator("#preset-parts tr[data-kind=distance]")).ToContainTextAsync("0.11–0.15");
        await Assertions.Expect(page.Locator("#preset-parts tr[data-kind=cells]")).ToBeVisibleAsync();
        if (ExperimentJson.KnownKinds.Contains("transfer"))
        {
            await Assertions.Expect(page.Locator("#preset-part-transfer")).Not.ToBeCheckedAsync();
            await Assertions.Expect(page.Locator("#preset-parts tr[data-kind=transfer]")).ToContainTextAsync("days");
        }

        await Assertions.Expect(page.Locator("#preset-total")).ToContainTextAsync("3 experiments, about");
        await Assertions.Expect(page.Locator("#preset-launch")).ToHaveTextAsync("Launch these 3 experiments");
        // Choosing another preset changes the preview; coming back restores the seed paper's.
        await page.CheckAsync("#preset-fig7");
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-preset", "fig7");
        await Assertions.Expect(page.Locator("#preset-paper")).ToContainTextAsync("Ying et al. (2019)");
        // The 150-query table: BANANAS's and SMAC's cost by their measured power law, and what is left out for its cost.
        await page.CheckAsync($"#preset-{ComparePresets.Table150}");
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-preset", ComparePresets.Table150);
        await Assertions.Expect(page.Locator("#preset-parts .estimate").First).ToContainTextAsync("power of its queries");
        await Assertions.Expect(page.Locator("#preset-parts")).ToContainTextAsync("NPENAS is left out for its cost");
        await ShotAsync(page, "preset-150-query");
        await page.CheckAsync($"#preset-{ExperimentPresets.SeedPaper}");
        await Assertions.Expect(page.Locator("#preset-launch")).ToHaveTextAsync("Launch these 3 experiments");
        await ShotAsync(page, "preset-preview");

        await page.ClickAsync("#preset-launch");
        await BrowserFixture.UntilUrlAsync(page, new Regex("/experiments/groups/\\d+$"), lab.RecentProblems);
        long group = long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await ReadyAsync(page);
        await Assertions.Expect(page.Locator("#group-experiments tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#group")).ToHaveAttributeAsync("data-done", "true", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#group-experiments tbody tr[data-status=succeeded]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#group-state")).ToContainTextAsync("3 of 3 finished");
        // The gathered results: the comparison's headline table (four algorithms) and the studies' key numbers.
        await Assertions.Expect(page.Locator("#headline-table tbody tr")).ToHaveCountAsync(4, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator(".group-result")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".group-result .summary-text").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await ShotAsync(page, "preset-group");

        await using var db = await lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync();
        var launched = await db.Experiments.AsNoTracking().Where(e => e.GroupId == group).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["compare", "distance", "cells"], launched.Select(e => e.Kind));
        Assert.All(launched, e => Assert.Contains("records_30_models_108.csv", e.RequestJson, StringComparison.Ordinal));
        var row = await db.ExperimentGroups.AsNoTracking().SingleAsync(g => g.Id == group);
        Assert.Equal((ExperimentPresets.SeedPaper, LabServer.MemberEmail), (row.Preset, row.Owner));
        // Each result under its own experiment (the list grows as they finish: no section shows another's files).
        await Assertions.Expect(page.Locator($"#group-result-{launched[1].Id} .figure-name").First).ToHaveTextAsync("distance_vs_accuracy.png");
        await Assertions.Expect(page.Locator($"#group-result-{launched[2].Id} .figure-name").First).ToHaveTextAsync("performant_cells.png");
        // Every figure downloads as PNG, SVG and PDF; the PDF is served as one.
        var formats = page.Locator($"#group-result-{launched[1].Id} .figure-formats").First.Locator("a");
        await Assertions.Expect(formats).ToHaveTextAsync(["PNG", "SVG", "PDF"]);
        var pdf = await page.APIRequest.GetAsync(lab.BaseAddress.ToString().TrimEnd('/') + await formats.Nth(2).GetAttributeAsync("href"));
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        Assert.StartsWith("%PDF-", System.Text.Encoding.Latin1.GetString(await pdf.BodyAsync()), StringComparison.Ordinal);
        // Each experiment's page links back to the group.
        await page.GotoAsync(lab.BaseAddress + $"experiments/{launched[0].Id}");
        await Assertions.Expect(page.Locator("#group-link a")).ToHaveAttributeAsync("href", $"/experiments/groups/{group}");
    }

    [Fact]
    public async Task Rerun_RecordsItsSource_LinksRerunOf_AndKeepsTheName()
    {
        long source = await NasBench.Web.Tests.Results.LabExperiments.SearchAsync(lab, lab.MemberToken, "evolution", runs: 2, queries: 50, seed: 4);
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Experiments.Where(e => e.Id == source).ExecuteUpdateAsync(s => s.SetProperty(e => e.Name, "my evolution baseline"));
        }

        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync(lab.BaseAddress + $"experiments/{source}");
        await ReadyAsync(page);
        await page.ClickAsync("#rerun");
        await BrowserFixture.UntilUrlAsync(page, new Regex($"/experiments/(?!{source}$)\\d+$"), lab.RecentProblems);
        long rerun = long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await ReadyAsync(page);
        await Assertions.Expect(page.Locator("#rerun-of")).ToHaveTextAsync($"re-run of #{source}");
        await Assertions.Expect(page.Locator("#rerun-of a")).ToHaveAttributeAsync("href", $"/experiments/{source}");
        await Assertions.Expect(page.Locator(".title")).ToHaveTextAsync("my evolution baseline");
        await ShotAsync(page, "rerun-of");

        // With another seed: the name says so; the source's page lists both re-runs.
        await page.GotoAsync(lab.BaseAddress + $"experiments/{source}");
        await ReadyAsync(page);
        await page.FillAsync("#rerun-seed", "9");
        await page.ClickAsync("#rerun-seed-go");
        await BrowserFixture.UntilUrlAsync(page, new Regex($"/experiments/(?!({source}|{rerun})$)\\d+$"), lab.RecentProblems);
        long seeded = long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator(".title")).ToHaveTextAsync("my evolution baseline (seed 9)");
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var rows = await db.Experiments.AsNoTracking().Where(e => e.Id == rerun || e.Id == seeded).OrderBy(e => e.Id).ToListAsync();
            Assert.All(rows, e => Assert.Equal(source, e.RerunOf));
            Assert.Contains("\"seed\":9", rows[1].RequestJson, StringComparison.Ordinal);
        }

        // Edit and re-run: the form filled from the source, launched, is a re-run of it too, under the same name.
        await page.GotoAsync(lab.BaseAddress + $"experiments/new?from={source}");
        await ReadyAsync(page);
        await Assertions.Expect(page.Locator("#name")).ToHaveValueAsync("my evolution baseline");
        await page.ClickAsync("#launch");
        await BrowserFixture.UntilUrlAsync(page, new Regex($"/experiments/(?!({source}|{rerun}|{seeded})$)\\d+$"), lab.RecentProblems);
        await ReadyAsync(page);
        await Assertions.Expect(page.Locator("#rerun-of a")).ToHaveAttributeAsync("href", $"/experiments/{source}");
        await Assertions.Expect(page.Locator(".title")).ToHaveTextAsync("my evolution baseline");

        await page.GotoAsync(lab.BaseAddress + $"experiments/{source}");
        await Assertions.Expect(page.Locator("#reruns a")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#rerun-of")).ToHaveCountAsync(0);
    }
}
