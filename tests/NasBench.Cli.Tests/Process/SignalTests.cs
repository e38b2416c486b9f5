using System.Diagnostics;

namespace NasBench.Cli.Tests.Process;

/// <summary>Ctrl+C in a real process: the `nasbench` program turns SIGINT into its cancellation token, so a long search
/// stops within a step, keeps the runs it finished and exits with 130 — it is not killed where it stands. A local
/// search that reuses its evaluations on a store smaller than its budget ends by itself (issue 23: it spun forever on free
/// iterations, deaf to SIGINT).</summary>
public sealed class SignalTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "nasbench-signal-tests-" + Guid.NewGuid().ToString("N"));
    private readonly CliSandbox _box = new();

    public void Dispose()
    {
        _box.Dispose();
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task LocalSearchReusingEvaluations_BudgetLargerThanTheStore_EndsByItself_SayingWhy()
    {
        string store = await _box.SyntheticStoreAsync(2000);
        using var process = Start("timeout", "60", "dotnet", Cli, "search", "--algorithm", "local", "--reuse-evaluations", "--queries", "2500", "--store", store, "--out", _out);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode} (124: timed out): {await stderr}");
        Assert.Contains("note: local: 10 of 10 runs ended before the budget (2500 queries), nothing left to query: every one of the 2,000 held cells was queried", await stderr, StringComparison.Ordinal);
        Assert.Contains("local ", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigint_DuringLocalSearchesReusingEvaluations_OnASmallStore_Exit130()
    {
        string store = await _box.SyntheticStoreAsync(2000);
        // 10,000 runs of 2,000 queries each (the most --runs allows): many seconds, so the signal lands mid-search.
        using var process = Start("env", "--default-signal=INT", "dotnet", Cli, "search", "--algorithm", "local", "--reuse-evaluations", "--queries", "2500",
            "--runs", "10000", "--store", store, "--out", _out);
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
            await SignalAsync(process, "-INT");
            var stopwatch = Stopwatch.StartNew();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(130, process.ExitCode);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {stopwatch.Elapsed}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "nasbench.dll");

    private static System.Diagnostics.Process Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return System.Diagnostics.Process.Start(start)!;
    }

    private static async Task SignalAsync(System.Diagnostics.Process process, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    [Fact]
    public async Task Sigint_DuringALongSearch_CancelsIt_KeepsItsFinishedRuns_Exit130()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "nasbench.dll");
        // env --default-signal=INT: a test run started in the background (`./test.sh &`, nohup) inherits SIGINT ignored, and
        // .NET leaves an ignored SIGINT ignored, so Ctrl+C could never reach the child (it ran to the end: exit 0, or a
        // timeout). The child starts with SIGINT's default disposition, as from a terminal.
        var start = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // 2P runs of 20 M queries (several seconds each) on the CLI's P run threads, and the signal when the progress line
        // says 50 %: the runs' fractions then add up to P, which the P runs at work cannot reach alone, so at least one run
        // has finished; and P runs' worth of work is left, at least one run's time, so the search cannot end before the
        // signal arrives. No fixed wait: a loaded machine only makes both halves slower.
        int runs = 2 * Environment.ProcessorCount;
        foreach (string arg in new[] { "--default-signal=INT", "dotnet", cli, "search", "--synthetic", "--algorithm", "random", "--runs", runs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--queries", "20000000", "--out", _out })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        var halfway = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
                if (System.Text.RegularExpressions.Regex.IsMatch(stderr.ToString(), $@"{runs} runs: +(50|75) %"))
                {
                    halfway.TrySetResult();
                }
            }
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await halfway.Task.WaitAsync(TimeSpan.FromMinutes(5));
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
            var finished = File.ReadAllLines(Path.Combine(_out, "trajectories.csv")).Skip(1).Select(l => l.Split(',')[4]).Distinct().Count();
            Assert.InRange(finished, 1, runs - 1);
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
