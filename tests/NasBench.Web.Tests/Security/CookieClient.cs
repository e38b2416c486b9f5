using System.Net;
using System.Text.RegularExpressions;

namespace NasBench.Web.Tests.Security;

/// <summary>An HttpClient holding a sign-in cookie, signed in through the real form (antiforgery token, form post): what a
/// browser holds, and so what a cross-site page can make the browser send.</summary>
internal static partial class CookieClient
{
    /// <summary>A client with the cookie of <paramref name="email"/>; redirects are not followed, so answers are seen as sent.</summary>
    public static async Task<HttpClient> SignInAsync(LabServer lab, string email, string password = LabServer.Password)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = lab.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var response = await PostFormAsync(client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Signing in {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Posts the sign-in form as a browser does (its hidden fields, the email and password).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        string form = await client.GetStringAsync(new Uri("/account/signin", UriKind.Relative));
        var fields = Hidden().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await client.PostAsync(new Uri("/account/signin", UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    /// <summary>The antiforgery token of a page's forms (the layout's sign-out form on every signed-in page).</summary>
    public static async Task<string> AntiforgeryAsync(HttpClient client, string page = "/")
    {
        ArgumentNullException.ThrowIfNull(client);
        string html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        return Hidden().Matches(html).Where(m => m.Groups["name"].Value == "__RequestVerificationToken").Select(m => WebUtility.HtmlDecode(m.Groups["value"].Value)).First();
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex Hidden();
}
