namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>
/// A real server process behind a TLS proxy at 127.0.0.1 (docs/SECURITY.md, "Headers, TLS proxy"):
/// NasBench__Security__ForwardedHeaders=true, NasBench__Security__Hsts=true, KnownProxies 127.0.0.1 and one CPU worker,
/// plus a test class's own settings. The setup of <see cref="TlsProxyTests"/> and <see cref="HttpsRedirectTests"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes it through IAsyncLifetime.DisposeAsync.")]
public abstract class BehindAProxy(string name, IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"nasbench-web-{name}-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The server process.</summary>
    protected LabProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["NasBench__Security__ForwardedHeaders"] = "true",
            ["NasBench__Security__Hsts"] = "true",
            ["NasBench__Security__KnownProxies"] = "127.0.0.1",
            ["NasBench__Worker__CpuWorkers"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        Server = new LabProcess(_home, environment);
        await Server.StartAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold a file a moment longer; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>A GET as the proxy forwards it: X-Forwarded-Proto <paramref name="forwardedProto"/> (no forwarded headers when
    /// null), host lab.example.org, for the client <paramref name="forwardedFor"/>.</summary>
    protected static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? forwardedProto, string forwardedFor = "203.0.113.20")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-Host", "lab.example.org");
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }
}
