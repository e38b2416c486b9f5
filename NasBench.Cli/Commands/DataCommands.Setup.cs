using System.CommandLine;
using NasBench.Cli.Terminal;
using NasBench.Core;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;

namespace NasBench.Cli.Commands;

public static partial class DataCommands
{
    /// <summary>`nasbench data setup`: the lab's <c>benchmark</c> experiment on the command line (its options are
    /// <see cref="BenchmarkSetupRequest.Described"/>; `nasbench submit data setup …` runs it on a lab server).</summary>
    private static Command Setup()
    {
        var options = BenchmarkSetupRequest.Described.Select(d => (Description: d, Cli: SearchSettingsOptions.Make(d))).ToList();
        var store = StoreLocator.CreateOption();
        var dir = new Option<string?>("--dir") { Description = "Where a download goes (default: the per-user data folder)." };
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command("setup",
            "Make the benchmark store: --action import --file FILE, --action download [--variant only108|full], or --action demo " +
            "(a SYNTHETIC benchmark of 20,000 cells, as ./run.sh --demo). The lab server runs the same request as a `benchmark` experiment.");
        foreach (var (_, cli) in options)
        {
            command.Options.Add(cli.Cli);
        }

        command.Options.Add(store);
        command.Options.Add(dir);
        command.Options.Add(dryRun);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new BenchmarkSetupRequest();
            foreach (var (description, cli) in options)
            {
                request = (BenchmarkSetupRequest)description.With(request, cli.Read(parse));
            }

            ExperimentConsole.Valid(request);
            if (ExperimentConsole.DryRun(parse, dryRun, request))
            {
                return 0;
            }

            var result = await SetupAsync(request, StoreLocator.Resolve(parse.GetValue(store)), parse.GetValue(dir), parse.InvocationConfiguration.Error, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"imported into {result.StorePath} in {result.Elapsed.TotalSeconds:F1} s: {result.Metadata.Describe()}");
            return 0;
        });
        return command;
    }

    /// <summary>What `data setup`, `data import` and `data download` all run: <see cref="BenchmarkSetupRunner.SetupAsync"/>
    /// (the lab's benchmark experiment runs the same), with a progress line on stderr.</summary>
    internal static async Task<ImportResult> SetupAsync(BenchmarkSetupRequest request, string storePath, string? directory, TextWriter error, CancellationToken cancellationToken)
    {
        var runner = new BenchmarkSetupRunner(() => StoreLocator.LoadSpace(), storePath, directory ?? NasBenchPaths.DataDirectory);
        using var progress = new ProgressLine(error, request.Action ?? "setup");
        return await runner.SetupAsync(request, progress, cancellationToken);
    }
}
