using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NasBench.Core.Experiments;
using NasBench.Core.Options;

namespace NasBench.Web.Tests.Pages;

/// <summary>Issue 18: a running training's loss curve grows within 5 s, before any epoch ends; an unknown URL gets a
/// 404 page (the page itself, not an empty body) with a way home; the experiment page names its benchmark.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Training_LiveChart_GrowsWithinFiveSeconds_BeforeTheFirstEpochEnds()
    {
        Assert.Contains("training", ExperimentJson.KnownKinds); // the lab registers NasBench.Training's runners (LabRunners)

        using var api = lab.With(lab.MemberToken);
        var response = await api.PostAsJsonAsync("/api/experiments", new
        {
            kind = "training", adjacency = "0110000100010000", operations = "input,conv3x3-bn-relu,conv1x1-bn-relu,output", dataDir = "/usr/share/datasets/fashion-mnist", stemChannels = 8, cellsPerStack = 1,
            trainImages = 60_000, testImages = 256, epochs = 2, threads = 1, batchSize = 32,
        });
        response.EnsureSuccessStatusCode();
        long id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        try
        {
            var page = await SignedInAsync(LabServer.MemberEmail);
            await page.GotoAsync(lab.BaseAddress + $"experiments/{id}");
            await ReadyAsync(page);
            var chart = page.Locator("#training-chart");
            await Assertions.Expect(chart).Not.ToHaveAttributeAsync("data-steps", "0", new() { Timeout = 90_000 });
            int first = int.Parse((await chart.GetAttributeAsync("data-steps"))!, System.Globalization.CultureInfo.InvariantCulture);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await page.WaitForFunctionAsync($"() => +document.querySelector('#training-chart').dataset.steps > {first}", null, new() { Timeout = 5_000 });
            output.WriteLine($"steps {first} → {await chart.GetAttributeAsync("data-steps")} in {clock.Elapsed.TotalSeconds:F1} s");
            await Assertions.Expect(chart).ToHaveAttributeAsync("data-epochs", "0");
            await page.Locator("#training-chart .js-plotly-plot").WaitForAsync();
            await ShotAsync(page, "training-live");
        }
        finally
        {
            await api.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null);
            await lab.WaitForAsync(api, id, TimeSpan.FromSeconds(60), "cancelled", "succeeded", "failed");
        }
    }

    [Fact]
    public async Task NotFoundPage_HasAWayHome_UnknownUrlIs404_AndTheFaviconExists()
    {
        var page = await SignedInAsync(LabServer.MemberEmail);
        // An unknown URL answers 404 with the not-found page itself (re-executed: the address stays), a way home in it.
        var answer = await page.GotoAsync(lab.BaseAddress + "no/such/page?x=1");
        Assert.Equal(404, answer!.Status);
        Assert.EndsWith("/no/such/page?x=1", page.Url);
        await Assertions.Expect(page.Locator("#not-found")).ToContainTextAsync("404");
        await Assertions.Expect(page.Locator("#go-home")).ToHaveAttributeAsync("href", "/");
        // An unknown API route keeps its problem+json 404: no HTML page for a client that reads JSON.
        var api = await page.APIRequest.GetAsync(lab.BaseAddress + "api/no-such-route");
        Assert.Equal(404, api.Status);
        Assert.StartsWith("application/problem+json", api.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("\"status\":404", await api.TextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "not-found");
        await page.ClickAsync("#go-home");
        await BrowserFixture.UntilUrlAsync(page, new Regex("^" + Regex.Escape(lab.BaseAddress.ToString()) + "$"), lab.RecentProblems);
        await Assertions.Expect(page.Locator("#start-new")).ToHaveAttributeAsync("href", "/experiments/new?preset=seed-paper");
        await ShotAsync(page, "home-from-404");
        // The newcomer's first step opens the seed-paper preset's preview (nothing launched yet).
        await page.ClickAsync("#start-new");
        await ReadyAsync(page);
        await Assertions.Expect(page.Locator("#preset-preview")).ToHaveAttributeAsync("data-preset", "seed-paper");
        var icon = await page.APIRequest.GetAsync(lab.BaseAddress + "favicon.svg");
        Assert.Equal(200, icon.Status);
        Assert.Equal(1, await page.Locator("link[rel=icon]").CountAsync());
    }

    [Fact]
    public async Task TransferStudy_NamesTheBenchmarkFromItsRequest_WhenTheRunDidNotRecordIt()
    {
        // A transfer study opens its store in the training runner, so the job records no benchmark source: the page
        // says the request's store instead of "—". Stored as a finished row: nothing is trained.
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<NasBench.Web.Data.LabDbContext>>();
        long id;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var owner = await db.Users.SingleAsync(u => u.Email == LabServer.MemberEmail);
            var row = new NasBench.Web.Data.Experiment
            {
                Kind = "transfer", Name = "a transfer study", OwnerId = owner.Id, Owner = LabServer.MemberEmail, Status = "failed",
                RequestJson = """{"kind":"transfer","cells":5,"store":"/data/nb101-full.nbstore"}""", CommandLine = "nasbench study transfer --cells 5 --store /data/nb101-full.nbstore",
                CreatedAt = DateTimeOffset.UtcNow, Error = "stored by the test",
            };
            db.Experiments.Add(row);
            await db.SaveChangesAsync();
            id = row.Id;
        }

        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync(lab.BaseAddress + $"experiments/{id}");
        await Assertions.Expect(page.Locator("#benchmark-source")).ToContainTextAsync("/data/nb101-full.nbstore (from the request; not recorded by the run)");
        await ShotAsync(page, "transfer-benchmark");
    }
}
