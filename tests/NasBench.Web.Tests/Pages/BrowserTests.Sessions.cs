using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace NasBench.Web.Tests.Pages;

/// <summary>An ask/tell session experiment's page: the search chart of its runs (one per seed), as a search's page shows it.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task SessionExperiment_PageShowsTheCurveOfItsSeeds()
    {
        using var client = lab.With(lab.MemberToken);
        string name = "page-" + Guid.NewGuid().ToString("N")[..6];
        long experiment = 0;
        string[] ops = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"];
        int[][] adjacency = [[0, 1, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]];
        for (int seed = 0; seed < 3; seed++)
        {
            var opened = await (await client.PostAsJsonAsync("/api/sessions", new { algorithm = name, protocol = "mean3", queries = 12, seed, synthetic = true })).Content.ReadFromJsonAsync<JsonElement>();
            experiment = opened.GetProperty("experimentId").GetInt64();
            for (int k = 0; k < 12; k++)
            {
                int c = (k * (seed + 5)) % 27;
                string[] operations = ["input", ops[c % 3], ops[c / 3 % 3], ops[c / 9 % 3], "conv3x3-bn-relu", "conv3x3-bn-relu", "output"];
                Assert.True((await client.PostAsJsonAsync($"/api/sessions/{opened.GetProperty("id").GetString()}/query", new { adjacency, operations })).IsSuccessStatusCode);
            }
        }

        await lab.WaitForAsync(client, experiment, TimeSpan.FromSeconds(30), "succeeded");
        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync(lab.BaseAddress + $"experiments/{experiment}");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("succeeded");
        await Assertions.Expect(page.Locator("#chart-points")).Not.ToHaveAttributeAsync("data-points", "0", new() { Timeout = 10_000 });
        await page.Locator(".js-plotly-plot").WaitForAsync(new() { Timeout = 10_000 });
        var drawn = await TracesAsync(page);
        output.WriteLine("traces: " + string.Join(", ", drawn));
        Assert.Equal($"{name} mean", drawn[^1].Name);
        Assert.Equal(3, drawn.Count - 2);
        await Assertions.Expect(page.Locator("#files")).ToContainTextAsync("trajectories.csv");
        await ShotAsync(page, "session-experiment");
    }
}
