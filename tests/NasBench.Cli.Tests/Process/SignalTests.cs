using System.Diagnostics;

namespace NasBench.Cli.Tests.Process;

/// <summary>Ctrl+C in a real process: the `nasbench` program turns SIGINT into its cancellation token, so a long search
/// stops within a step, keeps the runs it finished and exits with 130 — it is not killed where it stands.</summary>
public sealed class SignalTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "nasbench-signal-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task Sigint_DuringALongSearch_CancelsIt_KeepsItsFinishedRuns_Exit130()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "nasbench.dll");
        // env --default-signal=INT: a test run started in the background (`./test.sh &`, nohup) inherits SIGINT ignored, and
        // .NET leaves an ignored SIGINT ignored, so Ctrl+C could never reach the child (it ran to the end: exit 0, or a
        // timeout). The child starts with SIGINT's default disposition, as from a terminal.
        var start = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // 10,000 runs take minutes: the search cannot end before the signal, even on a machine many times faster.
        foreach (string arg in new[] { "--default-signal=INT", "dotnet", cli, "search", "--synthetic", "--runs", "10000", "--simulated-seconds", "1e9", "--out", _out })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        var running = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
                if (System.Text.RegularExpressions.Regex.IsMatch(stderr.ToString(), @"10000 runs: +\d+ %"))
                {
                    running.TrySetResult();
                }
            }
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromMinutes(3));
            await Task.Delay(TimeSpan.FromSeconds(4)); // the search has started: let it finish some runs (about 40 on 2 idle cores)
            using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var stopwatch = Stopwatch.StartNew();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(130, process.ExitCode);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"stopped after {stopwatch.Elapsed}");
            lock (stderr)
            {
                Assert.Contains("error: cancelled", stderr.ToString(), StringComparison.Ordinal);
            }

            // The runs finished before the signal are on disk: fewer than asked for, at least one.
            var runs = File.ReadAllLines(Path.Combine(_out, "trajectories.csv")).Skip(1).Select(l => l.Split(',')[4]).Distinct().Count();
            Assert.InRange(runs, 1, 9999);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
