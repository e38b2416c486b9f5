using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Security;

/// <summary>Users made for one security test (so throttles, lockouts and disabling never touch the shared accounts).</summary>
internal static class SecurityUsers
{
    /// <summary>Creates a user through POST /api/users; returns its email and id.</summary>
    public static async Task<(string Email, string Id)> CreateAsync(LabServer lab, string role, string prefix = "sec")
    {
        using var admin = lab.With(lab.AdminToken);
        string email = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)] + "@lab.test";
        var response = await admin.PostAsync(new Uri("/api/users", UriKind.Relative),
            LabExperiments.Json(JsonSerializer.Serialize(new { email, password = LabServer.Password, role })));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (email, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    public static async Task<string> TokenAsync(LabServer lab, string email)
    {
        using var client = lab.Anonymous();
        var response = await client.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}
