using System.Diagnostics;
using NasBench.Core;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;

namespace NasBench.Cli.Tests.Process;

/// <summary>One writer per store across processes: while a setup writes a store, `nasbench data setup` of the same
/// store in another process is refused in one line naming it (exit 1) and writes nothing; once the first has ended,
/// the same command runs.</summary>
public sealed class StoreLockTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task DataSetup_InAnotherProcess_WhileASetupWritesTheStore_IsRefusedNamingIt_AndRunsAfterIt()
    {
        string first = _box.File("first.tfrecord"), second = _box.File("second.tfrecord"), store = _box.File("nasbench.nbstore");
        Assert.Equal(0, (await CliSandbox.RunAsync("data", "synth", "--out", first, "--cells", "300", "--seed", "3")).Code);
        Assert.Equal(0, (await CliSandbox.RunAsync("data", "synth", "--out", second, "--cells", "40", "--seed", "4")).Code);
        // The other process loads the space's index from the shared NASBENCH_HOME rather than enumerating it again.
        if (!File.Exists(NasBenchPaths.CellIndexPath))
        {
            _box.Index.Save(NasBenchPaths.CellIndexPath);
        }

        // The setup in this process (the lab's runner, as a benchmark experiment runs it), held at its first progress report.
        using var gate = new ProgressGate();
        var runner = new BenchmarkSetupRunner(() => _box.Index, store, _box.File("data"));
        var running = Task.Run(() => runner.SetupAsync(new BenchmarkSetupRequest { Action = "import", File = first }, gate, CancellationToken.None));
        await Task.WhenAny(gate.Holding, running).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(running.IsCompleted, running.Exception?.ToString() ?? "the first setup ended without reporting progress");

        var refused = await RunCliAsync("data", "setup", "--action", "import", "--file", second, "--store", store);
        Assert.True(refused.Code == 1, $"exit {refused.Code}: {refused.Error}");
        Assert.Equal($"error: The benchmark store {store} is being written by another setup (it holds {store}.lock): wait until that one ends, then try again.",
            refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
        Assert.False(running.IsCompleted);
        Assert.False(File.Exists(store));

        gate.Release();
        Assert.Equal(300, (await running).Metadata.Cells);
        var after = await RunCliAsync("data", "setup", "--action", "import", "--file", second, "--store", store);
        Assert.True(after.Code == 0, after.Error);
        Assert.Contains($"imported into {store}", after.Output, StringComparison.Ordinal);
        using var opened = BenchmarkStore.Open(store, _box.Index);
        Assert.Equal(40, opened.Metadata.Cells);
    }

    /// <summary>The `nasbench` program in a process of its own (same NASBENCH_HOME), with a deadline.</summary>
    private static async Task<(int Code, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in args.Prepend(Path.Combine(AppContext.BaseDirectory, "nasbench.dll")))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output, await error);
    }
}
