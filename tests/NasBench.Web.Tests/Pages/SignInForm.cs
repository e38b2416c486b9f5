using Microsoft.Playwright;

namespace NasBench.Web.Tests.Pages;

/// <summary>
/// Signing in through the lab server's form, the one way every browser test does it. When the form does not lead to
/// the home page in time, the failure says what happened instead: the sign-in POST's status, the URL the page is on,
/// what it shows (the form's error, validation messages, an error page's title) and the server's recent warnings and
/// errors, so a failure in a CI log can be understood without a rerun.
/// </summary>
internal static class SignInForm
{
    /// <summary>Signs <paramref name="email"/> in on <paramref name="server"/> and waits for the home page's navigation
    /// to commit (the load event can lag under load; callers wait for what they need next).</summary>
    public static async Task SignInAsync(IPage page, Uri server, string email, Func<string>? serverLog = null, string password = LabServer.Password)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(server);
        await page.GotoAsync(new Uri(server, "account/signin").ToString());
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        string? posted = null;
        void Seen(object? sender, IResponse response)
        {
            if (response.Request.Method == "POST" && response.Url.Contains("/account/signin", StringComparison.Ordinal))
            {
                posted = $"{response.Status} {response.StatusText}" + (response.Headers.TryGetValue("location", out var to) ? $" → {to}" : "");
            }
        }

        page.Response += Seen;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await page.ClickAsync("#signin");
            await page.WaitForURLAsync(server.ToString(), new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException e)
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
            throw new TimeoutException(
                $"Signing in as {email} did not reach {server} in {clock.Elapsed.TotalSeconds:0} s. The sign-in POST: {posted ?? "no response seen"}; " +
                $"the page is on {page.Url} and shows: {shows}{log}", e);
        }
        finally
        {
            page.Response -= Seen;
        }
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
