extern alias cli;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Core;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Experiments;
using Cli = cli::NasBench.Cli.NasBenchCli;

namespace NasBench.Web.Tests.Submit;

/// <summary>`nasbench submit … data setup …` against the real lab server: the setup runs as a <c>benchmark</c> experiment
/// and makes the store the local command makes, byte for byte; a setup of the lab's store while another holds it fails
/// naming the store; the local command's --store is refused rather than dropped.</summary>
[Collection(LabCollection.Name)]
public sealed partial class SubmitDataSetupTests(LabServer lab)
{
    private string[] Submit(params string[] command) =>
        ["submit", "--server", lab.BaseAddress.ToString(), "--token", lab.MemberToken, "--poll-seconds", "0.1", .. command];

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await Cli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The 30 real 108-epoch cells as a tfrecord file in the official format (as `nasbench data from-csv` writes it).</summary>
    private string RealRecordsFile()
    {
        string file = Path.Combine(lab.Home, "submit-setup-" + Guid.NewGuid().ToString("N")[..6], "real30.tfrecord");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var space = lab.Services.GetRequiredService<BenchmarkProvider>().Space();
        BenchmarkExport.WriteTfRecord(InMemoryBenchmarkData.FromRecordsCsv(space, LabServer.RecordsCsv), file);
        return file;
    }

    [Fact]
    public async Task SubmitDataSetup_RunsABenchmarkExperiment_ThatMakesTheLocalCommandsStore()
    {
        string file = RealRecordsFile();
        string store = NasBenchPaths.ResolveStore(null);
        string local = Path.Combine(Path.GetDirectoryName(file)!, "local.nbstore");
        try
        {
            var submitted = await RunAsync(Submit("data", "setup", "--action", "import", "--file", file));
            Assert.True(submitted.Code == 0, submitted.Error);
            Assert.Contains($"uploaded {file} (--file)", submitted.Error, StringComparison.Ordinal);
            Assert.Matches(@"submitted experiment \d+ \(benchmark\)", submitted.Error);
            Assert.Matches(@"experiment \d+: succeeded", submitted.Error);

            var ran = await RunAsync("data", "setup", "--action", "import", "--file", file, "--store", local);
            Assert.True(ran.Code == 0, ran.Error);
            // The same store, byte for byte (the upload keeps the file's name, which the store records), and the same account of it.
            Assert.Equal(File.ReadAllBytes(local), File.ReadAllBytes(store));
            var imported = ImportedLine().Match(ran.Output);
            Assert.True(imported.Success, ran.Output);
            string described = imported.Groups[1].Value;
            Assert.StartsWith("real NAS-Bench-101 data: 30 cells", described, StringComparison.Ordinal);
            Assert.Contains($"note: Imported into {store}: {described}", submitted.Error, StringComparison.Ordinal);
        }
        finally
        {
            // The other tests expect no default store (the API's "none yet" answer).
            File.Delete(store);
            lab.Services.GetRequiredService<BenchmarkProvider>().Forget(BenchmarkSource.Default);
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task SubmitDataSetup_WhileAnotherSetupWritesTheLabsStore_FailsNamingIt()
    {
        string file = RealRecordsFile();
        string store = Path.GetFullPath(NasBenchPaths.ResolveStore(null));
        try
        {
            // Another setup of the lab's store under way (another experiment, or `nasbench data setup` on the lab's host).
            using (StoreLock.Acquire(store))
            {
                var submitted = await RunAsync(Submit("data", "setup", "--action", "import", "--file", file));
                Assert.Equal(1, submitted.Code);
                Assert.Matches(@"error: experiment \d+ failed on the lab server: The benchmark store " + Regex.Escape(store) + " is being written by another setup", submitted.Error);
                Assert.False(File.Exists(store));
            }

            // The local command's own options are not silently dropped: the lab writes its own store.
            var local = await RunAsync(Submit("data", "setup", "--action", "demo", "--store", Path.Combine(lab.Home, "mine.nbstore")));
            Assert.Equal(2, local.Code);
            Assert.Contains("error: --store applies to the local `nasbench data setup` only: on the lab server a setup writes the lab's own store.", local.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [GeneratedRegex(@"^imported into .* in [0-9.]+ s: (.*)$", RegexOptions.Multiline)]
    private static partial Regex ImportedLine();
}
