using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using NasBench.Web.Tests.Pages;

namespace NasBench.Web.Tests.Security;

/// <summary>
/// Cross-site request forgery, as issue 17 found it: a page served from another port of the same host (same-site for the
/// SameSite=Lax cookie) runs no-cors fetches with a text/plain JSON body and submits a plain HTML form at the API while an
/// admin is signed in in the same browser. Nothing may change: no new admin, no experiment, no disabled user.
/// </summary>
[Collection(LabCollection.Name)]
public class CrossSiteBrowserTests(LabServer lab)
{
    [Fact]
    public async Task APageOnAnotherPort_WhileAnAdminIsSignedIn_ChangesNothing()
    {
        using var admin = lab.With(lab.AdminToken);
        string memberId = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray()
            .First(u => u.GetProperty("email").GetString() == LabServer.MemberEmail).GetProperty("id").GetString()!;
        long before = await AdminExperimentsAsync(admin);
        string evilEmail = $"csrf-{Guid.NewGuid():N}"[..13] + "@lab.test";
        string target = lab.BaseAddress.ToString().TrimEnd('/');
        string html = $$"""
            <!DOCTYPE html><html><body>
            <form id="f" method="post" action="{{target}}/api/users/{{memberId}}/disable"><input name="x" value="1"></form>
            <script>
            const post = (path, body) => fetch('{{target}}' + path, { method: 'POST', mode: 'no-cors', credentials: 'include',
                headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(body) }).catch(() => null);
            (async () => {
              await post('/api/users', { email: '{{evilEmail}}', password: 'Password123', role: 'admin' });
              await post('/api/experiments', { kind: 'search', queries: 10, runs: 1, synthetic: true });
              await post('/api/users/{{memberId}}/disable', {});
              window.__done = true;
            })();
            </script></body></html>
            """;
        using var evil = new EvilSite(html);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await SignInForm.SignInAsync(page, lab.BaseAddress, LabServer.AdminEmail, lab.RecentProblems);
        await page.GotoAsync(evil.Url.ToString());
        Assert.StartsWith("http://127.0.0.1:", page.Url, StringComparison.Ordinal);
        Assert.NotEqual(lab.BaseAddress.Port, new Uri(page.Url).Port);
        await page.WaitForFunctionAsync("() => window.__done === true");
        var answer = page.WaitForResponseAsync(r => r.Url.Contains("/disable", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.EvaluateAsync("() => document.getElementById('f').submit()");
        Assert.Equal(401, (await answer).Status);
        // The form's navigation shows that 401 answer; let it finish, or the next GotoAsync is "interrupted by another
        // navigation" (a clean-clone run).
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/disable$"));

        var users = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().ToList();
        Assert.DoesNotContain(users, u => u.GetProperty("email").GetString() == evilEmail);
        Assert.False(users.First(u => u.GetProperty("id").GetString() == memberId).GetProperty("disabled").GetBoolean(), "The member was disabled by a cross-site form.");
        Assert.Equal(before, await AdminExperimentsAsync(admin));
        // The same browser still works on the lab itself: its pages and their antiforgery-checked forms.
        var home = await page.GotoAsync(lab.BaseAddress.ToString());
        Assert.Equal(200, home!.Status);
    }

    private static async Task<long> AdminExperimentsAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/experiments?owner={Uri.EscapeDataString(LabServer.AdminEmail)}&take=1")).GetProperty("total").GetInt64();

    /// <summary>The attacker's page: one HTML document served on another loopback port.</summary>
    private sealed class EvilSite : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[] _page;

        public EvilSite(string html)
        {
            _page = Encoding.UTF8.GetBytes(html);
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
            }

            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public Uri Url { get; }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.OutputStream.WriteAsync(_page);
                context.Response.Close();
            }
        }
    }
}
