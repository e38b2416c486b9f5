using System.Net;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Security;

/// <summary>A share link is for people outside the lab: its page shows no email and no server path.</summary>
[Collection(LabCollection.Name)]
public class SharePageTests(LabServer lab)
{
    [Fact]
    public async Task TheSharePage_ShowsNoEmail_AndNoServerPath()
    {
        long e = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 1, queries: 20);
        string url = await LabExperiments.ShareAsync(lab, lab.MemberToken, e);
        using var anonymous = lab.Anonymous();
        string html = WebUtility.HtmlDecode(await anonymous.GetStringAsync(new Uri(url, UriKind.Relative)));
        Assert.Contains("Search curves", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@lab.test", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetDirectoryName(LabServer.RecordsCsv)!, html, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(LabServer.RecordsCsv), html, StringComparison.Ordinal);
    }
}
