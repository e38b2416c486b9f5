using System.CommandLine;
using NasBench.Core.Benchmark;

namespace NasBench.Cli.Commands;

/// <summary>The `--store PATH` option and how commands open the benchmark store.</summary>
public static class StoreLocator
{
    public static Option<string?> CreateOption() => new("--store") { Description = "Path of the benchmark store (default: the per-user data folder, or NASBENCH_STORE)." };

    // Placeholder replaced by the benchmark branch.
    public static IBenchmarkData Open(string? path) => throw new CliException($"No benchmark store support yet (asked for '{path}').");
}
