using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace NasBench.Web.Tests.Pages;

/// <summary>The cell editor, the forms' validation and the account page, in the browser.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task CellEditor_ClicksChangeHashAndParameters_InvalidCellShowsItsMessage_PasteWorks()
    {
        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync(lab.BaseAddress + "experiments/new?kind=training");
        await ReadyAsync(page);
        string hash = await page.Locator("#cell-hash").InnerTextAsync();
        string parameters = await page.Locator("#cell-params").GetAttributeAsync("data-params") ?? "";
        Assert.Matches("^[0-9a-f]{32}$", hash);

        await page.ClickAsync("#edge-1-2"); // 3×3 → 1×1: a new cell
        await Assertions.Expect(page.Locator("#cell-hash")).Not.ToHaveTextAsync(hash);
        string second = await page.Locator("#cell-hash").InnerTextAsync();
        await page.SelectOptionAsync("#op-1", "maxpool3x3"); // a pool has no weights: fewer parameters
        await Assertions.Expect(page.Locator("#cell-hash")).Not.ToHaveTextAsync(second);
        Assert.True(long.Parse(await page.Locator("#cell-params").GetAttributeAsync("data-params") ?? "0", System.Globalization.CultureInfo.InvariantCulture)
            < long.Parse(parameters, System.Globalization.CultureInfo.InvariantCulture));
        await ShotAsync(page, "cell-editor");

        foreach (string edge in new[] { "#edge-0-1", "#edge-0-2" })
        {
            await page.ClickAsync(edge);
        }

        await Assertions.Expect(page.Locator("#cell-invalid")).ToContainTextAsync("disconnected");
        await ShotAsync(page, "cell-editor-invalid");

        await page.FillAsync("#paste-adjacency", "[[0,1],[0,0]]");
        await page.FillAsync("#paste-operations", "input,output");
        await page.ClickAsync("#paste-apply");
        // `nasbench space hash --adjacency 0100 --operations input,output` (the README's example).
        await Assertions.Expect(page.Locator("#cell-hash")).ToHaveTextAsync("043721b9c7fe8c5fad811d47d83132ec");
        await page.FillAsync("#paste-adjacency", "0110000100010000");
        await page.FillAsync("#paste-operations", "input,conv3x3-bn-relu,conv1x1-bn-relu,output");
        await page.ClickAsync("#paste-apply");
        await Assertions.Expect(page.Locator("#cell-pruned")).ToHaveTextAsync("0110000100010000");
    }

    [Fact]
    public async Task BadFields_ShowTheirMessagesBesideThem_AndNothingIsEnqueued()
    {
        using var api = lab.With(lab.MemberToken);
        int before = (await api.GetFromJsonAsync<JsonElement>("/api/experiments?take=1")).GetProperty("total").GetInt32();
        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync(lab.BaseAddress + "experiments/new");
        await ReadyAsync(page);
        await page.FillAsync("#queries", "abc");
        await page.FillAsync("#population", "5");
        await page.FillAsync("#tournament", "9");
        await page.FillAsync("#runs", "0");
        await page.Locator("#runs").BlurAsync();
        await page.ClickAsync("#launch");
        await Assertions.Expect(page.Locator(".field[data-name=queries] .field-error")).ToContainTextAsync("--queries must be a whole number");
        await page.FillAsync("#queries", "100");
        await page.Locator("#queries").BlurAsync();
        await Assertions.Expect(page.Locator(".field[data-name=runs] .field-error")).ToContainTextAsync("--runs must be");
        await Assertions.Expect(page.Locator(".field[data-name=tournament] .field-error")).ToContainTextAsync("--tournament must be between 1 and --population (5)");
        await page.ClickAsync("#launch");
        await Assertions.Expect(page.Locator("#invalid")).ToContainTextAsync("nothing was launched");
        await ShotAsync(page, "new-invalid-fields");

        await page.ClickAsync("#tab-distance");
        await page.FillAsync("#pairs", "1");
        await page.Locator("#pairs").BlurAsync();
        await page.ClickAsync("#launch");
        await Assertions.Expect(page.Locator(".field[data-name=pairs] .field-error")).ToContainTextAsync("--pairs must be");
        await page.ClickAsync("#tab-correlate");
        await page.ClickAsync("#launch");
        await Assertions.Expect(page.Locator(".field-error[data-field=file]")).ToContainTextAsync("--file");
        await ShotAsync(page, "new-correlate-invalid");
        Assert.EndsWith("/experiments/new", page.Url);
        int after = (await api.GetFromJsonAsync<JsonElement>("/api/experiments?take=1")).GetProperty("total").GetInt32();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Account_CreatesATokenShownOnce_RevokesIt_ShowsTheRole()
    {
        var page = await SignedInAsync(LabServer.ViewerEmail);
        await page.ClickAsync("#account-link");
        await Assertions.Expect(page).ToHaveURLAsync(lab.BaseAddress + "account", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#account-roles .role.on")).ToHaveTextAsync("Viewer");
        await page.FillAsync("#token-name", "browser-test");
        await page.ClickAsync("#token-create");
        string token = (await page.Locator("#new-token").InnerTextAsync()).Trim();
        Assert.StartsWith("nbt_", token);
        using (var client = lab.With(token))
        {
            Assert.True((await client.GetAsync(new Uri("/api/benchmark", UriKind.Relative))).IsSuccessStatusCode);
        }

        await ShotAsync(page, "account");
        await page.GotoAsync(lab.BaseAddress + "account");
        await Assertions.Expect(page.Locator("#new-token")).ToHaveCountAsync(0); // shown once
        await page.Locator(".token-row[data-name=browser-test] button.revoke").ClickAsync();
        await Assertions.Expect(page.Locator(".token-row[data-name=browser-test]")).ToContainTextAsync("revoked");
        using (var client = lab.With(token))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/benchmark", UriKind.Relative))).StatusCode);
        }

        await page.FillAsync("#current-password", "wrong-password");
        await page.FillAsync("#new-password", "Another123");
        await page.FillAsync("#confirm-password", "Another123");
        await page.ClickAsync("#change-password");
        await Assertions.Expect(page.Locator("#password-message")).ToContainTextAsync("Incorrect password");
    }

    [Fact]
    public async Task SignIn_ThatStaysOnTheForm_FailsSayingWhatThePageShows()
    {
        // What a browser test's failure says when signing in goes wrong (a CI log must be enough to tell why).
        var page = await NewPageAsync();
        page.SetDefaultTimeout(5_000);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SignInForm.SignInAsync(page, lab.BaseAddress, LabServer.ViewerEmail, lab.RecentProblems, password: "not-the-password"));
        output.WriteLine(e.Message);
        Assert.Contains($"Signing in as {LabServer.ViewerEmail} did not reach {lab.BaseAddress}", e.Message);
        Assert.Contains("The sign-in POST: 200", e.Message);
        Assert.Contains("Wrong email or password.", e.Message);
        Assert.Contains("account/signin", e.Message);
        await page.Context.CloseAsync();
    }

    /// <summary>The sign-in helper returns once the home page's navigation has committed, even when its load event never
    /// comes (the home page's stylesheets are held unanswered here). The cause of the clean-clone flakes, pinned:
    /// Playwright's WaitForURLAsync on a page already at that URL waits for <c>load</c> although WaitUntil says Commit
    /// (microsoft/playwright-dotnet#3365) — the old helper's wait, which hung whenever the redirect committed first.</summary>
    [Fact]
    public async Task SignIn_ReachesTheHomePage_ThoughItsLoadEventNeverFires_WhereWaitForUrlHangs()
    {
        var page = await NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await HoldTheHomePagesStylesheetsAsync(page);
        await SignInForm.SignInAsync(page, lab.BaseAddress, LabServer.MemberEmail, lab.RecentProblems);
        Assert.Equal(lab.BaseAddress.ToString(), page.Url);
        Assert.NotEqual("complete", await page.EvaluateAsync<string>("document.readyState"));
        // When this stops throwing, the Playwright bug is fixed upstream.
        await Assert.ThrowsAsync<TimeoutException>(() => page.WaitForURLAsync(lab.BaseAddress.ToString(), new() { WaitUntil = WaitUntilState.Commit, Timeout = 3_000 }));
    }

    /// <summary>Leaves the stylesheets the home page asks for unanswered (the page's context closes them when the test
    /// ends), so its load event never fires.</summary>
    private async Task HoldTheHomePagesStylesheetsAsync(IPage page) =>
        await page.RouteAsync("**/*.css", async route =>
        {
            // The lab sends no Referer (its referrer policy): the request's frame says which page asks.
            if (route.Request.Frame.Url != lab.BaseAddress.ToString())
            {
                await route.ContinueAsync();
            }
        });

    internal static Task ReadyAsync(IPage page) =>
        page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
