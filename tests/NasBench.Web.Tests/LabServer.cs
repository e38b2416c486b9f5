using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Tests;

/// <summary>
/// The real lab server for the tests: Kestrel on 127.0.0.1, real SQLite files (lab.db, jobs.db) in a temporary
/// NASBENCH_HOME, the real Hangfire SQLite storage and worker, an admin, a member and a viewer. One per test run: Hangfire
/// keeps global static state, so every class using it is in the one non-parallel collection below.
/// <see cref="Postgres.PostgresLabServer"/> is the same server on a real PostgreSQL (<see cref="DatabaseSettings"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes it through IAsyncLifetime.DisposeAsync.")]
public class LabServer : IAsyncLifetime
{
    public const string AdminEmail = "admin@lab.test";
    public const string MemberEmail = "member@lab.test";
    public const string ViewerEmail = "viewer@lab.test";
    public const string Password = "Password123";

    private LabFactory? _factory;
    private readonly RecentLog _recent = new();

    /// <summary>The 30 real 108-epoch records: a tiny benchmark for searches.</summary>
    public static string RecordsCsv { get; } = FindUp(Path.Combine("shared", "data", "nb101-real", "records_30_models_108.csv"));

    /// <summary>The folders besides the data folder that requests may name: the real extracts and Debian's datasets.</summary>
    public static string AllowedDataFolders { get; } = string.Join(',', Path.GetDirectoryName(RecordsCsv), "/usr/share/datasets");

    public string Home { get; } = Path.Combine(Path.GetTempPath(), "nasbench-web-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public string AdminToken { get; private set; } = "";

    public string MemberToken { get; private set; } = "";

    public string ViewerToken { get; private set; } = "";

    /// <summary>sqlite or postgres.</summary>
    public virtual string Database => "sqlite";

    /// <summary>The database's settings, given to the host (not the environment, which child processes inherit).</summary>
    protected virtual IReadOnlyDictionary<string, string> DatabaseSettings() => new Dictionary<string, string> { ["NasBench:Database"] = "sqlite" };

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(Home);
        Environment.SetEnvironmentVariable("NASBENCH_HOME", Home);
        Environment.SetEnvironmentVariable("NasBench__Lab__AdminEmail", AdminEmail);
        Environment.SetEnvironmentVariable("NasBench__Lab__AdminPassword", Password);
        Environment.SetEnvironmentVariable("NasBench__Worker__CpuWorkers", "2");
        Environment.SetEnvironmentVariable("NasBench__Lab__AllowedDataFolders", AllowedDataFolders);
        CopyCachedCellIndex(Home);
        int port = LoopbackPort.Free();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var settings = DatabaseSettings();
        _factory = new LabFactory(settings, _recent);
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _factory.Start();
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LabUser>>();
            Assert.True((await LabSetup.CreateAsync(users, MemberEmail, Password, LabRoles.Member)).Succeeded);
            Assert.True((await LabSetup.CreateAsync(users, ViewerEmail, Password, LabRoles.Viewer)).Succeeded);
        }

        AdminToken = await TokenAsync(AdminEmail);
        MemberToken = await TokenAsync(MemberEmail);
        ViewerToken = await TokenAsync(ViewerEmail);
    }

    /// <summary>The server's last warnings and errors, one a line (what a failing browser test prints).</summary>
    public string RecentProblems() => _recent.Text();

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A client sending a Bearer token.</summary>
    public HttpClient With(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Polls an experiment until its status is one of <paramref name="states"/>; returns its JSON.</summary>
    public Task<JsonElement> WaitForAsync(HttpClient client, long id, TimeSpan timeout, params string[] states) => LabApi.WaitForAsync(client, id, timeout, states);

    /// <summary>Polls a search until its runs report progress ("… runs done": the benchmark is open and the searches run).</summary>
    public Task<JsonElement> WaitForSearchingAsync(HttpClient client, long id, TimeSpan timeout) => LabApi.WaitForAsync(client, id, timeout,
        e => e.GetProperty("message").GetString() is { } m && m.Contains("runs done", StringComparison.Ordinal), "reporting search progress");

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a WAL file for a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>
    /// The app's factory, stopped the way the app stops in production. WebApplicationFactory's own dispose calls the
    /// host's StopAsync while Program's <c>app.RunAsync()</c>, woken by the same stop, calls StopAsync too and then
    /// disposes the host (dotnet/aspnetcore#40271, open): a hosted service still stopping (WorkerHost writing its
    /// StoppedAt) then met a disposed service provider, and the collection's cleanup failed with
    /// ObjectDisposedException in about 1 run in 3 on a loaded machine. Here the app is told to stop
    /// (IHostApplicationLifetime), Program's RunAsync stops and disposes it once, and this waits for that disposal.
    /// </summary>
    private sealed class LabFactory(IReadOnlyDictionary<string, string> settings, RecentLog recent) : WebApplicationFactory<Program>
    {
        private static readonly TimeSpan DisposeTimeout = TimeSpan.FromMinutes(2);
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IHostApplicationLifetime? _lifetime;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.AddProvider(recent));
            // Made by the provider (not given as an instance), so the provider disposes it when the app is disposed.
            builder.ConfigureServices(services => services.AddSingleton(_ => new DisposalSignal(_disposed)));
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2215", Justification = "The base's dispose is what races (it stops the host the app has disposed); the app disposes its host itself.")]
        public override async ValueTask DisposeAsync()
        {
            if (_lifetime is not null && !_disposed.Task.IsCompleted)
            {
                _lifetime.StopApplication();
                await _disposed.Task.WaitAsync(DisposeTimeout);
            }

            GC.SuppressFinalize(this);
        }

        /// <summary>Starts the server and takes what its stop needs (a factory that never started has nothing to stop).</summary>
        public void Start()
        {
            StartServer();
            _ = Services.GetRequiredService<DisposalSignal>();
            _lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
        }

        private sealed class DisposalSignal(TaskCompletionSource disposed) : IDisposable
        {
            public void Dispose() => disposed.TrySetResult();
        }
    }

    /// <summary>The last 30 warnings and errors the server logged, kept for failure messages.</summary>
    private sealed class RecentLog : ILoggerProvider
    {
        private readonly Queue<string> _lines = new();

        public string Text()
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private void Add(string line)
        {
            lock (_lines)
            {
                _lines.Enqueue(line);
                while (_lines.Count > 30)
                {
                    _lines.Dequeue();
                }
            }
        }

        private sealed class Logger(RecentLog owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}" +
                        (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})"));
                }
            }
        }
    }

    private async Task<string> TokenAsync(string email)
    {
        using var client = Anonymous();
        return await LabApi.TokenAsync(client, email);
    }

    /// <summary>Copies the machine's cached cell index into a data folder (<see cref="CachedCellIndex"/>), so each test run
    /// does not spend ~10 s on 2 cores rebuilding it.</summary>
    public static void CopyCachedCellIndex(string home) => CachedCellIndex.CopyTo(home);

    /// <summary>A file found in this folder or one above the test's output folder.</summary>
    public static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>Every test class that talks to the lab server (Hangfire's static state: never in parallel), and the browser
/// its page tests share (started on first use).</summary>
[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabServer>, ICollectionFixture<Pages.BrowserFixture>
{
    public const string Name = "lab server";
}
