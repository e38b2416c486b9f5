using System.Globalization;
using Microsoft.Playwright;

// Not "…Tests.Process": that namespace would hide System.Diagnostics.Process from every other test namespace.
namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>A measurement, not a check: runs only with NASBENCH_WEB_BENCH=1 (it takes minutes), prints its numbers and
/// asserts only that they are sane. Run: <c>NASBENCH_WEB_BENCH=1 dotnet test tests/NasBench.Web.Tests -c Release
/// --filter Category=Bench --logger "console;verbosity=detailed"</c>.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("NASBENCH_WEB_BENCH") != "1")
        {
            Skip = "A measurement: set NASBENCH_WEB_BENCH=1 to run it.";
        }
    }
}

/// <summary>Helpers of the measurements: quantiles, Debian's chromium, signed-in browser contexts.</summary>
internal static class LabBench
{
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        return sorted[lo] + ((h - lo) * (sorted[Math.Min(lo + 1, sorted.Length - 1)] - sorted[lo]));
    }

    public static string Summary(IReadOnlyList<double> ms) =>
        string.Create(CultureInfo.InvariantCulture, $"median {Quantile(ms, 0.5):F1} ms, p95 {Quantile(ms, 0.95):F1} ms, max {ms.DefaultIfEmpty().Max():F1} ms (n = {ms.Count})");

    public static Task<IBrowser> ChromiumAsync(IPlaywright playwright) => Pages.DebianChromium.LaunchAsync(playwright);

    /// <summary>Signs the admin in through the form once; the cookie state every further context starts from.</summary>
    public static async Task<string> SignInAsync(IBrowser browser, Uri server)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await Pages.SignInForm.SignInAsync(page, server, LabServer.AdminEmail);
        return await context.StorageStateAsync();
    }

    /// <summary>Opens an experiment page in a new signed-in context and records every change of its chart's point count
    /// (browser clock, Unix ms) in window.__points.</summary>
    public static async Task<IPage> ExperimentPageAsync(IBrowser browser, string state, Uri server, long id)
    {
        var context = await browser.NewContextAsync(new() { StorageState = state });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server, $"experiments/{id}").ToString());
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("#chart-points").WaitForAsync();
        await page.EvaluateAsync("""
            () => {
              const el = document.querySelector('#chart-points');
              window.__points = [[Date.now(), +el.dataset.points]];
              new MutationObserver(() => window.__points.push([Date.now(), +el.dataset.points]))
                .observe(el, { attributes: true, attributeFilter: ['data-points'] });
            }
            """);
        return page;
    }

    /// <summary>The recorded (Unix ms, points) changes of a page.</summary>
    public static async Task<List<(double At, int Points)>> PointsSeenAsync(IPage page) =>
        [.. (await page.EvaluateAsync<double[][]>("() => window.__points")).Select(p => (p[0], (int)p[1]))];
}
