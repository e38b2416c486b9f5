using Microsoft.Playwright;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Pages;

/// <summary>
/// The browser of the browser tests, one per test collection (<see cref="LabCollection"/>, the child-process
/// collection): Playwright and Debian's chromium (<see cref="DebianChromium"/>), started on first use so the
/// collection's API tests never start it; pages in fresh contexts of 1280×900 with a 60 s default timeout (a loaded
/// 2-core machine can take more than Playwright's 30 s); signing in through the form (<see cref="SignInForm"/>) up to
/// the live circuit; assertions that retry for 30 s; screenshots in the test output folder (screenshots/). A test class calls
/// <see cref="CloseContextsAsync"/> when each test ends, so no page of an earlier test keeps a circuit open on the server.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private readonly List<IBrowserContext> _contexts = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where screenshots go (under the test output folder).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public Task InitializeAsync()
    {
        // Playwright's assertions retry for 5 s by default: a page computing on a loaded 2-core machine shared by
        // several test runs took longer (the uploaded-CSV correlation table once). A failure still ends, with its log.
        Assertions.SetDefaultExpectTimeout(30_000);
        return Task.CompletedTask;
    }

    /// <summary>A new context (1280×900, downloads accepted unless <paramref name="options"/> say otherwise), closed by
    /// <see cref="CloseContextsAsync"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(options ?? new() { ViewportSize = new() { Width = 1280, Height = 900 }, AcceptDownloads = true });
        lock (_contexts)
        {
            _contexts.Add(context);
        }

        return context;
    }

    /// <summary>A page in a new context, not signed in.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await (await NewContextAsync()).NewPageAsync();
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>A page signed in as <paramref name="email"/> on the in-process lab server, on the home page with its
    /// circuit up.</summary>
    public Task<IPage> SignedInAsync(LabServer lab, string email)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return SignedInAsync(lab.BaseAddress, email, lab.RecentProblems);
    }

    /// <summary>A page signed in as <paramref name="email"/> on <paramref name="server"/>, on the home page with its circuit
    /// up; <paramref name="serverLog"/> gives the server's recent problems for a failure message.</summary>
    public async Task<IPage> SignedInAsync(Uri server, string email, Func<string>? serverLog = null)
    {
        var page = await NewPageAsync();
        await SignInForm.SignInAsync(page, server, email, serverLog);
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("header .who")).ToContainTextAsync(email);
        return page;
    }

    /// <summary>A full-page screenshot screenshots/<paramref name="name"/>.png, its path written to the test's output.</summary>
    public static async Task ShotAsync(IPage page, string name, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(output);
        Directory.CreateDirectory(Screenshots);
        string path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    /// <summary>
    /// Waits until the page's URL matches <paramref name="url"/> (after a click that navigates: a launch, a re-run, a
    /// link), polling the URL with Playwright's URL assertion. Not WaitForURLAsync: it waits for a navigation event and
    /// then the new document's load event (and, when the URL already matches, for load whatever WaitUntil says:
    /// microsoft/playwright-dotnet#3365, pinned by SignIn_ReachesTheHomePage_…); a clean-clone run of
    /// Rerun_RecordsItsSource_… hung there 60 s after the form's launch ("waiting for navigation until Load"). The URL
    /// is what these tests need; what they check next, they wait for. A failure says where the page is, what it shows
    /// (a field's error, the launch's refusal, Blazor's error banner) and the server's recent warnings and errors, so a
    /// lost click or a refused launch reads differently from a slow page.
    /// </summary>
    public static async Task UntilUrlAsync(IPage page, System.Text.RegularExpressions.Regex url, Func<string>? serverLog = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = 60_000 });
        }
        catch (PlaywrightException e)
        {
            string shows;
            try
            {
                var texts = await page.Locator(".field-error, #invalid, p.error, #blazor-error-ui[style*=block], h1").AllInnerTextsAsync();
                shows = string.Join(" | ", texts.Select(t => t.Trim()).Where(t => t.Length > 0));
            }
            catch (PlaywrightException)
            {
                shows = "(the page could not be read)";
            }

            string log = serverLog?.Invoke() is { Length: > 0 } lines ? $"\nThe server's recent warnings and errors:\n{lines}" : "\nThe server logged no warning or error.";
            throw new TimeoutException($"The page did not reach {url} in 60 s: it is on {page.Url} and shows: {shows}{log}", e);
        }
    }

    /// <summary>Closes every context opened since the last call (their pages and circuits with them).</summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] open;
        lock (_contexts)
        {
            open = [.. _contexts];
            _contexts.Clear();
        }

        foreach (var context in open)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Already closed (a test disposed its own).
            }
        }
    }

    public async Task DisposeAsync()
    {
        await CloseContextsAsync();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _start.Dispose();
    }

    private async Task<IBrowser> BrowserAsync()
    {
        await _start.WaitAsync();
        try
        {
            if (_browser is null)
            {
                _playwright = await Playwright.CreateAsync();
                _browser = await DebianChromium.LaunchAsync(_playwright);
            }

            return _browser;
        }
        finally
        {
            _start.Release();
        }
    }
}
