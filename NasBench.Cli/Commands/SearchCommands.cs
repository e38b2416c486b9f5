using System.CommandLine;
using NasBench.Cli.Plots;
using NasBench.Core.Experiments;
using NasBench.Core.Search;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench search …` and `nasbench compare …`: searches on the benchmark, trajectories, aggregates, plots.</summary>
public static partial class SearchCommands
{
    public static Command Create()
    {
        var source = new BenchmarkSourceOptions();
        var settings = new SearchSettingsOptions(defaultAlgorithms: "random", defaultSimulated: null);
        var command = new Command("search", "Run a search algorithm on the benchmark (several seeds in parallel); write trajectories.csv, aggregate.csv and a PNG plot.");
        source.AddTo(command);
        settings.AddTo(command, "--algorithm", "random, evolution, tree or local.");
        command.SetAction(parse => Execute(parse, source, settings, compare: false));
        command.Subcommands.Add(Bench());
        return command;
    }

    public static Command CreateCompare()
    {
        var source = new BenchmarkSourceOptions();
        var settings = new SearchSettingsOptions(defaultAlgorithms: "random,evolution,tree,local", defaultSimulated: 5e6);
        var command = new Command("compare", "The seed paper's comparison: several algorithms × runs; the three figures (by simulated time, by cells explored, mean over runs) and a table.");
        source.AddTo(command);
        settings.AddTo(command, "--algorithms", "Comma-separated: random,evolution,tree,local.");
        command.SetAction(parse => Execute(parse, source, settings, compare: true));
        return command;
    }

    private static int Execute(ParseResult parse, BenchmarkSourceOptions source, SearchSettingsOptions settings, bool compare)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var configurations = settings.Configurations(parse);
        int runs = parse.GetValue(settings.Runs);
        if (runs < 1)
        {
            throw new CliException($"--runs must be at least 1 (got {runs}).");
        }

        var tables = source.Load(parse);
        if (!tables.IsComplete && !parse.GetValue(settings.Restrict))
        {
            error.WriteLine("note: the benchmark holds part of the space; sampling only its cells (--restrict-to-store).");
        }

        if (!tables.IsComplete)
        {
            configurations = [.. configurations.Select(c => c with { Algorithm = c.Algorithm with { RestrictToStore = true } })];
            if (parse.GetResult(settings.Sampler) is not { Implicit: false })
            {
                // The raw sampler rarely lands on a small store's cells (rejection sampling would take minutes).
                error.WriteLine("note: random search samples uniformly over the store's cells (pass --sampler raw to insist on the raw sampler).");
                configurations = [.. configurations.Select(c => c.Algorithm is RandomSearchOptions r ? c with { Algorithm = r with { Sampler = CellDistribution.Uniform } } : c)];
            }
        }

        int total = configurations.Count * runs, finished = 0;
        using var progress = new ProgressLine(error, $"{total} runs");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = SearchRunner.RunAll(configurations, tables, runs, _ => progress.Report((double)Interlocked.Increment(ref finished) / total));
        progress.Done();
        double wall = clock.Elapsed.TotalSeconds;

        string outDir = parse.GetValue(settings.Out)!;
        Directory.CreateDirectory(outDir);
        var written = SearchOutputs.Write(outDir, results, tables, compare);
        SearchSummary.Print(output, results, tables, wall);
        foreach (string file in written)
        {
            error.WriteLine($"wrote {file}");
        }

        return 0;
    }
}
