using Microsoft.Playwright;

namespace NasBench.Web.Tests.Pages;

/// <summary>
/// Signing in through the lab server's form, the one way every browser test does it. It waits for the sign-in POST's
/// answer and then for the page's URL to be the home page — not for a navigation event: the redirect may have
/// committed before the wait starts, and Playwright's WaitForURLAsync then waits for the <c>load</c> event whatever
/// WaitUntil says (microsoft/playwright-dotnet#3365, open in 1.64), which lagged past 60 s on a loaded machine (the
/// clean-clone failures of Training_FromTheForm_EpochRowsAppear and the dashboard test: "did not reach" a page the
/// browser was already on). When the form does not lead to the home page, the failure says what happened instead:
/// the POST's status, the URL the page is on, what it shows (the form's error, validation messages, an error page's
/// title) and the server's recent warnings and errors, so a failure in a CI log can be understood without a rerun.
/// </summary>
internal static class SignInForm
{
    /// <summary>How long the home page's URL may take after the POST's redirect (a loaded 2-core machine is slow).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Signs <paramref name="email"/> in on <paramref name="server"/> and returns once the page is on the home
    /// page (committed; the load event may lag under load, and callers wait for what they need next).</summary>
    /// <exception cref="InvalidOperationException">The form answered without a redirect (wrong password, a validation
    /// message, an error page).</exception>
    /// <exception cref="TimeoutException">The redirect came but the page did not get to the home page in time.</exception>
    public static async Task SignInAsync(IPage page, Uri server, string email, Func<string>? serverLog = null, string password = LabServer.Password)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(server);
        await page.GotoAsync(new Uri(server, "account/signin").ToString());
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IResponse posted;
        try
        {
            posted = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#signin"),
                r => r.Request.Method == "POST" && r.Url.Contains("/account/signin", StringComparison.Ordinal));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(await WhatHappenedAsync(page, server, email, "no response seen", clock.Elapsed, serverLog), e);
        }

        string answer = $"{posted.Status} {posted.StatusText}" + (posted.Headers.TryGetValue("location", out var to) ? $" → {to}" : "");
        if (posted.Status is < 300 or >= 400)
        {
            // The form again (or an error page): wait a moment for what it shows, then say it.
            try
            {
                await Assertions.Expect(page.Locator("p.error, .validation-message, h1").First).ToBeVisibleAsync(new() { Timeout = 5_000 });
            }
            catch (PlaywrightException)
            {
                // Said below as whatever the page shows.
            }

            throw new InvalidOperationException(await WhatHappenedAsync(page, server, email, answer, clock.Elapsed, serverLog));
        }

        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(server.ToString(), new() { Timeout = (float)Timeout.TotalMilliseconds });
        }
        catch (PlaywrightException e)
        {
            throw new TimeoutException(await WhatHappenedAsync(page, server, email, answer, clock.Elapsed, serverLog), e);
        }
    }

    private static async Task<string> WhatHappenedAsync(IPage page, Uri server, string email, string posted, TimeSpan elapsed, Func<string>? serverLog)
    {
        string shows;
        try
        {
            var texts = await page.Locator("p.error, .validation-message, h1, title").AllInnerTextsAsync();
            shows = string.Join(" | ", texts.Select(t => t.Trim()).Where(t => t.Length > 0));
        }
        catch (PlaywrightException)
        {
            shows = "(the page could not be read)";
        }

        string log = serverLog?.Invoke() is { Length: > 0 } lines ? $"\nThe server's recent warnings and errors:\n{lines}" : "\nThe server logged no warning or error.";
        return $"Signing in as {email} did not reach {server} in {elapsed.TotalSeconds:0} s. The sign-in POST: {posted}; " +
            $"the page is on {page.Url} and shows: {shows}{log}";
    }

    /// <summary>The last <paramref name="count"/> warnings and errors of a child server's console log (the console
    /// logger writes "warn: Category[id]" and then the message on indented lines).</summary>
    public static string ProblemLines(string consoleLog, int count = 20)
    {
        ArgumentNullException.ThrowIfNull(consoleLog);
        var problems = new List<string>();
        string? current = null;
        foreach (string line in consoleLog.Split('\n'))
        {
            if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                Flush();
                current = line.TrimEnd();
            }
            else if (current is not null && line.StartsWith("      ", StringComparison.Ordinal))
            {
                current += " " + line.Trim();
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return string.Join('\n', problems.TakeLast(count));

        void Flush()
        {
            if (current is not null)
            {
                problems.Add(current);
                current = null;
            }
        }
    }
}
