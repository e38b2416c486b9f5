using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace NasBench.Web.Tests;

/// <summary>
/// The lab's HTTP API as the tests use it, the same for the in-process server (<see cref="LabServer"/>) and the child
/// processes (<see cref="ChildProcesses.LabProcess"/>): a JSON body, a token, a launch, and the one wait on an
/// experiment's status (<see cref="Eventually"/>: polled with a deadline, never a fixed sleep).
/// </summary>
public static class LabApi
{
    /// <summary>A JSON request body.</summary>
    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A Bearer token for <paramref name="email"/> (POST /api/tokens).</summary>
    public static async Task<string> TokenAsync(HttpClient anonymous, string email, string password = LabServer.Password)
    {
        ArgumentNullException.ThrowIfNull(anonymous);
        var response = await anonymous.PostAsJsonAsync("/api/tokens", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Launches <paramref name="request"/> (serialised as JSON); asserts 202 and returns the experiment's id.</summary>
    public static async Task<long> LaunchAsync(HttpClient client, object request)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), Json(JsonSerializer.Serialize(request)));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>Polls experiment <paramref name="id"/> until <paramref name="done"/> holds for its JSON; returns that JSON.</summary>
    public static Task<JsonElement> WaitForAsync(HttpClient client, long id, TimeSpan timeout, Func<JsonElement, bool> done, string what = "getting there")
    {
        ArgumentNullException.ThrowIfNull(client);
        return Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}"), done, timeout, $"Experiment {id} {what}");
    }

    /// <summary>Polls experiment <paramref name="id"/> until its status is one of <paramref name="states"/>.</summary>
    public static Task<JsonElement> WaitForAsync(HttpClient client, long id, TimeSpan timeout, params string[] states) =>
        WaitForAsync(client, id, timeout, e => states.Contains(e.GetProperty("status").GetString()), $"reaching {string.Join('/', states)}");
}
