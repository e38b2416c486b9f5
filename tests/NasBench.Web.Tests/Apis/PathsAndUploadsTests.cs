using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static NasBench.Web.Tests.Apis.ExperimentsApiTests;

namespace NasBench.Web.Tests.Apis;

/// <summary>Server paths in requests stay inside the allowed folders (400 naming the field otherwise), and a correlate
/// CSV can be uploaded and then used as its <c>file</c>.</summary>
[Collection(LabCollection.Name)]
public sealed class PathsAndUploadsTests(LabServer lab)
{
    public static TheoryData<string, string> Outside() => new()
    {
        { """{"kind":"search","queries":10,"runs":1,"records":"/etc/passwd"}""", "records" },
        { """{"kind":"search","queries":10,"runs":1,"store":"../../../../../../etc/hostname"}""", "store" },
        { """{"kind":"distance","store":"/proc/self/environ"}""", "store" },
        { """{"kind":"correlate","file":"/etc/passwd","x":"a","y":"b"}""", "file" },
        { """{"kind":"correlate","file":"/no/such/file.csv","x":"a","y":"b"}""", "file" },
        { """{"kind":"proxies","cells":"/etc/passwd"}""", "cells" },
    };

    [Theory]
    [MemberData(nameof(Outside))]
    public async Task PathsOutsideTheAllowedFolders_Are400_NamingTheField(string body, string field)
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        string message = errors.GetProperty(field)[0].GetString()!;
        Assert.StartsWith($"--{field} must be a file under {lab.Home}", message);
        // A path outside is never probed: the answer does not tell whether the file exists.
        Assert.DoesNotContain("does not exist", errors.ToString());
    }

    [Fact]
    public async Task ALinkInsideTheDataFolder_PointingOutside_Is400()
    {
        string link = Path.Combine(lab.Home, "uploads-link-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateSymbolicLink(link, "/etc");
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative),
            Json(JsonSerializer.Serialize(new { kind = "correlate", file = Path.Combine(link, "passwd"), x = "a", y = "b" })));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("--file must be a file under", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UploadedCsv_IsTheFileOfACorrelation()
    {
        var csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 20; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{(i * i) % 7}\n");
        }

        using var client = lab.With(lab.MemberToken);
        var upload = await client.PostAsync(new Uri("/api/uploads", UriKind.Relative), Form(csv.ToString(), "../my accuracies.csv"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var stored = await upload.Content.ReadFromJsonAsync<JsonElement>();
        string path = stored.GetProperty("path").GetString()!;
        Assert.StartsWith(Path.Combine(lab.Home, "uploads") + "/", path);
        Assert.Equal("my_accuracies.csv", stored.GetProperty("name").GetString());
        Assert.Equal(csv.ToString(), await File.ReadAllTextAsync(path));

        var launch = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative),
            Json(JsonSerializer.Serialize(new { kind = "correlate", file = path, x = "a", y = "b", bootstrap = 50 })));
        Assert.Equal(HttpStatusCode.Accepted, launch.StatusCode);
        long id = (await launch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var done = await lab.WaitForAsync(client, id, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Uploads_NeedAMember_AndAFile()
    {
        using var anonymous = lab.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(new Uri("/api/uploads", UriKind.Relative), Form("a,b\n1,2\n", "x.csv"))).StatusCode);
        using var viewer = lab.With(lab.ViewerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(new Uri("/api/uploads", UriKind.Relative), Form("a,b\n1,2\n", "x.csv"))).StatusCode);
        using var member = lab.With(lab.MemberToken);
        var notForm = await member.PostAsync(new Uri("/api/uploads", UriKind.Relative), Json("{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notForm.StatusCode); // the media type is checked first (issue 17)
        Assert.Contains("multipart/form-data", await notForm.Content.ReadAsStringAsync());
        var empty = await member.PostAsync(new Uri("/api/uploads", UriKind.Relative), Form("", "x.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    private static MultipartFormDataContent Form(string text, string fileName) => new()
    {
        { new StringContent(text, Encoding.UTF8, "text/csv"), "file", fileName },
    };
}
