using Microsoft.Playwright;

namespace NasBench.Web.Tests.Pages;

/// <summary>The one way the browser tests start a browser: Debian's chromium (installed by ./test.sh; never
/// `playwright install`), headless, without the sandbox and the background traffic a test machine cannot serve.</summary>
internal static class DebianChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        });
    }
}
