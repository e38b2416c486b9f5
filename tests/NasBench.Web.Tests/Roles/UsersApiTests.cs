using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NasBench.Web.Tests.Roles;

/// <summary>POST /api/users (Admin only), role changes and disabling: a disabled user's tokens stop working and no new one is issued.</summary>
[Collection(LabCollection.Name)]
public class UsersApiTests(LabServer lab)
{
    [Fact]
    public async Task Admin_CreatesUsers_ChangesRoles_Disables()
    {
        using var admin = lab.With(lab.AdminToken);
        string email = $"u{Guid.NewGuid():N}"[..10] + "@lab.test";
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.With(lab.MemberToken).PostAsJsonAsync("/api/users", new { email, password = LabServer.Password, role = "member" })).StatusCode);
        var bad = await admin.PostAsJsonAsync("/api/users", new { email, password = LabServer.Password, role = "owner" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("role", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/users", new { email, password = "short", role = "viewer" })).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/users", new { email, password = LabServer.Password, role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/users", new { email, password = LabServer.Password, role = "viewer" })).StatusCode);

        using var anonymous = lab.Anonymous();
        var tokenResponse = await anonymous.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password });
        string token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var user = lab.With(token);
        string launch = """{"kind":"search","queries":10,"runs":1,"synthetic":true}""";
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(launch))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/users/{id}/role", new { role = "member" })).StatusCode);
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.Equal("member", users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync(new Uri($"/api/users/{id}/disable", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync(new Uri($"/api/users/{id}/enable", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password })).StatusCode);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?take=10");
        var actions = audit.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["enabled", "disabled", "role", "user"], actions.Take(4));
    }
}
