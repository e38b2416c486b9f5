using System.CommandLine;
using NasBench.Cli.Terminal;
using NasBench.Core;
using NasBench.Core.Benchmark.Download;
using NasBench.Core.Experiments;

namespace NasBench.Cli.Commands;

public static partial class DataCommands
{
    private static Command Download()
    {
        var variant = new Option<string>("--variant") { Description = "only108 (~499 MB, 108 epochs) or full (~1.95 GB, 4/12/36/108 epochs).", Required = true };
        variant.AcceptOnlyFromAmong("only108", "full");
        var url = new Option<string?>("--url") { Description = "A mirror of the variant's file (its SHA-256 is still checked)." };
        var dir = new Option<string?>("--dir") { Description = "Where the file goes (default: the per-user data folder)." };
        var store = StoreLocator.CreateOption();
        var command = new Command("download",
            "Download the official file (resuming an interrupted download), verify its SHA-256 and import it. " +
            "URL and SHA-256 can be overridden with --url, NASBENCH_URL_ONLY108 / NASBENCH_SHA256_ONLY108 (…_FULL) or in nasbench.json.")
        {
            variant, url, dir, store,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new BenchmarkSetupRequest { Action = BenchmarkSetupRequest.Download, Variant = parse.GetValue(variant)!, Url = parse.GetValue(url) };
            if (request.Validate().Any(e => e.Field == "url"))
            {
                throw new CliException($"--url: '{request.Url}' is not an absolute http(s) URL.");
            }

            var source = DatasetSource.Resolve(request.Variant);
            string directory = parse.GetValue(dir) ?? NasBenchPaths.DataDirectory;
            string file = Path.Combine(directory, request.Url is { } mirror ? Path.GetFileName(new Uri(mirror).AbsolutePath) : source.FileName);
            var result = await SetupAsync(request, StoreLocator.Resolve(parse.GetValue(store)), directory, parse.InvocationConfiguration.Error, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"downloaded {file} (SHA-256 verified) and imported it into {result.StorePath}: {result.Metadata.Describe()}");
            return 0;
        });
        return command;
    }
}
