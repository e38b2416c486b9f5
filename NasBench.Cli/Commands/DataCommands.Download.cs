using System.CommandLine;
using NasBench.Core;
using NasBench.Core.Benchmark.Download;

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
            var source = DatasetSource.Resolve(parse.GetValue(variant)!);
            if (parse.GetValue(url) is { } mirror)
            {
                source = Uri.TryCreate(mirror, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? source with { Url = uri }
                    : throw new CliException($"--url: '{mirror}' is not an absolute http(s) URL.");
            }

            var error = parse.InvocationConfiguration.Error;
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            string file;
            using (var progress = new ProgressLine(error, $"downloading {source.FileName}"))
            {
                file = await new DatasetDownloader(http).DownloadAsync(source, parse.GetValue(dir) ?? NasBenchPaths.DataDirectory, progress, cancellationToken);
            }

            await error.WriteLineAsync($"{file}: SHA-256 verified ({source.Sha256})");
            var result = ImportFile(file, StoreLocator.Resolve(parse.GetValue(store)), error, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"downloaded {file} and imported it into {result.StorePath}: {result.Metadata.Describe()}");
            return 0;
        });
        return command;
    }
}
