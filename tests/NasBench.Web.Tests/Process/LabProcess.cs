using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

// Not "…Tests.Process": that namespace would hide System.Diagnostics.Process from every other test namespace.
namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>
/// The lab server as a child process (<c>dotnet NasBench.Web.dll</c> from its build output), with its own data folder
/// and port: what kill -9, SIGTERM and a restart do to a real server, and its CPU and memory from /proc.
/// </summary>
public sealed class LabProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _log = new();
    private System.Diagnostics.Process? _process;

    /// <param name="home">The data folder (NASBENCH_HOME); created, and the cached cell index copied in.</param>
    /// <param name="environment">More variables (NasBench__Worker__CpuWorkers, …).</param>
    public LabProcess(string home, IReadOnlyDictionary<string, string>? environment = null)
    {
        Home = home;
        Directory.CreateDirectory(home);
        LabServer.CopyCachedCellIndex(home);
        Port = LoopbackPort.Free();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
        _environment = new Dictionary<string, string>
        {
            ["NASBENCH_HOME"] = home,
            ["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["NasBench__Lab__AdminEmail"] = LabServer.AdminEmail,
            ["NasBench__Lab__AdminPassword"] = LabServer.Password,
            ["NasBench__Lab__AllowedDataFolders"] = LabServer.AllowedDataFolders,
            ["NasBench__Worker__CpuWorkers"] = "2",
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            _environment[key] = value;
        }
    }

    public string Home { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Pid => _process?.Id ?? 0;

    /// <summary>The exit code once the server has exited by itself or been stopped; null while it runs.</summary>
    public int? Exited => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>Everything the server printed, all starts together.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The web app's build output next to this test's configuration (bin/Release/net10.0 or bin/Debug/net10.0).</summary>
    public static string WebDll
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            return LabServer.FindUp(Path.Combine("NasBench.Web", "bin", configuration, "net10.0", "NasBench.Web.dll"));
        }
    }

    /// <summary>Starts the server and waits until /healthz answers 200 (or, not <paramref name="healthy"/>, answers at
    /// all: a worker that refuses jobs says 503); returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan timeout, bool healthy = true)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(WebDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(WebDll);
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = System.Diagnostics.Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = Anonymous();
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    if (_process.HasExited)
                    {
                        throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Log}");
                    }

                    try
                    {
                        var status = (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode;
                        return status == HttpStatusCode.OK || !healthy;
                    }
                    catch (HttpRequestException)
                    {
                        return false; // not listening yet
                    }
                },
                timeout, "the server answering /healthz");
            return clock.Elapsed;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The server did not answer /healthz in {timeout}:\n{Log}", e);
        }
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public void Kill()
    {
        _process!.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        // `kill -TERM`: what systemd and docker stop send (no P/Invoke, so no unsafe code in the tests).
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process!.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A client with the admin's Bearer token.</summary>
    public async Task<HttpClient> AdminAsync()
    {
        var client = Anonymous();
        string token = await LabApi.TokenAsync(client, LabServer.AdminEmail);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The server's lab.db, opened by this process (WAL: reads while the server writes).</summary>
    public LabDbContext Database() =>
        new(new DbContextOptionsBuilder<LabDbContext>().UseSqlite($"Data Source={Path.Combine(Home, "lab.db")};Pooling=False").Options);

    /// <summary>CPU seconds (user + system) and resident memory (now and peak) of the running server, from /proc.</summary>
    public (double CpuSeconds, long RssBytes, long PeakRssBytes) Usage()
    {
        string stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
        long Kb(string name) => long.Parse(File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return (ticks / 100.0, Kb("VmRSS:"), Kb("VmHWM:"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

}
