using System.CommandLine;
using NasBench.Core.Experiments;
using NasBench.Training.Experiments;
using NasBench.Training.Proxies;

namespace NasBench.Cli.Commands;

/// <summary>
/// `nasbench study proxies`: the zero-cost proxies of a list of cells on the exact NAS-Bench-101 network. Parses the
/// options into a <see cref="ProxiesRequest"/> and runs it with a <see cref="FolderSink"/> on --out (proxies.csv, and
/// with --against-column correlations.csv, correlations.txt and the rank-correlation chart).
/// </summary>
public static class ProxiesStudyCommand
{
    public static Command Create()
    {
        var defaults = new ProxiesRequest();
        var o = new TrainingArguments(includeSpec: false);
        var cells = new Option<string?>("--cells") { Description = "One hash per line, or a CSV/TSV with hash (metrics_30k.csv), cell (the seed paper's accuracies.csv) or raw_adjacency and raw_operations. Without it, the cells come from the store (--top, --uniform, --hashes)." };
        var top = new Option<int?>("--top") { Description = "The N best cells by CIFAR-10 validation accuracy at 108 epochs (mean of 3 repeats; from a --cells file: by --against-column)." };
        var uniform = new Option<int?>("--uniform") { Description = "M other cells drawn uniformly by --seed." };
        var hashes = new Option<string?>("--hashes") { Description = "Comma-separated hashes of cells to score as well." };
        var store = StoreLocator.CreateOption();
        var proxies = new Option<string?>("--proxies") { Description = $"Comma-separated, of {string.Join(", ", ProxyNames.All)} (default: all)." };
        var limit = new Option<int?>("--limit") { Description = "Score only N of the file's distinct cells, drawn uniformly by --seed." };
        var against = new Option<string?>("--against-column") { Description = "A numeric column of the cells file to correlate every proxy with (Spearman, Kendall, Pearson with bootstrap CIs)." };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples of the CIs.", DefaultValueFactory = _ => defaults.Bootstrap };
        var timed = new Option<bool>("--timed") { Description = "Compute each proxy on its own and write timings.txt (seconds per cell per proxy)." };
        var output = new Option<string>("--out") { Description = "Folder of proxies.csv, correlations.csv/.txt, timings.txt and the chart.", DefaultValueFactory = _ => "nasbench-out" };
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command(ExperimentKinds.Proxies, "Zero-cost proxies (synflow, jacob_cov, naswot, snip, grad_norm, fisher, params, flops) of a list of cells on the exact network, one batch; --batch-size defaults to 64.")
        {
            cells, top, uniform, hashes, store, proxies, limit, against, bootstrap, timed, output, dryRun,
        };
        o.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = TrainingArguments.Valid(o.Fill(parse, new ProxiesRequest
            {
                Cells = parse.GetValue(cells),
                Top = parse.GetValue(top),
                Uniform = parse.GetValue(uniform),
                Hashes = parse.GetValue(hashes),
                Store = parse.GetValue(store),
                Proxies = parse.GetValue(proxies),
                Limit = parse.GetValue(limit),
                AgainstColumn = parse.GetValue(against),
                Bootstrap = parse.GetValue(bootstrap),
                Timed = parse.GetValue(timed),
            }));
            if (ExperimentConsole.DryRun(parse, dryRun, request))
            {
                return 0;
            }

            string folder = parse.GetValue(output)!;
            var error = parse.InvocationConfiguration.Error;
            var sink = ExperimentConsole.Folder(folder);
            using var bar = new ExperimentConsole.Bar(error, "proxies");
            using var provider = new BenchmarkProvider(request.Cells is null ? StoreLocator.LoadSpace(error) : null);
            await new ProxiesRunner(() => request.Cells is null ? provider.Space() : StoreLocator.LoadSpace(error), provider: provider).RunAsync(request, sink, bar, cancellationToken);
            bar.Done();
            foreach (string file in new[] { "correlations.txt", "timings.txt" }.Select(f => Path.Combine(folder, f)).Where(File.Exists))
            {
                await parse.InvocationConfiguration.Output.WriteAsync(await File.ReadAllTextAsync(file, cancellationToken));
            }

            ExperimentConsole.Report(error, sink);
            return 0;
        });
        return command;
    }
}
