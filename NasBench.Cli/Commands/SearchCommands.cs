using System.CommandLine;
using NasBench.Cli.Terminal;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench search …` and `nasbench compare …`: parse → request → <see cref="SearchExperimentRunner"/> → print.</summary>
public static partial class SearchCommands
{
    public static Command Create()
    {
        var source = new BenchmarkSourceOptions();
        var settings = new SearchSettingsOptions();
        var algorithm = new Option<string>("--algorithm") { Description = SearchSettings.AlgorithmNameList + ".", DefaultValueFactory = _ => new SearchRequest().Algorithm };
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command(ExperimentKinds.Search, "Run a search algorithm on the benchmark (several seeds in parallel); write trajectories.csv, aggregate.csv and the search figure (PNG and SVG).") { algorithm, dryRun };
        source.AddTo(command);
        settings.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
            ExecuteAsync(parse, settings, dryRun, settings.Fill(parse, source, new SearchRequest { Algorithm = parse.GetValue(algorithm)! }), cancellationToken));
        command.Subcommands.Add(Bench());
        return command;
    }

    public static Command CreateCompare()
    {
        var source = new BenchmarkSourceOptions();
        var settings = new SearchSettingsOptions();
        var algorithms = new Option<string>("--algorithms") { Description = "Comma-separated, of: " + string.Join(',', SearchSettings.AlgorithmNames) + ".", DefaultValueFactory = _ => string.Join(',', CompareRequest.DefaultAlgorithms) };
        var preset = new Option<string?>("--preset") { Description = $"A comparison of the literature: {string.Join(", ", ComparePresets.Names.Select(n => $"{n} (\"{ComparePresets.Title(n)}\")"))}. Sets the algorithms, runs, budget and protocol; --runs, --seed, --out and the benchmark options still apply." };
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command(ExperimentKinds.Compare, "The seed paper's comparison: several algorithms × runs; the three figures (by simulated time, by cells explored, mean over runs) and a table (comparison.csv, comparison_pairs.csv, comparison.tex).") { algorithms, preset, dryRun };
        source.AddTo(command);
        settings.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var names = parse.GetValue(algorithms)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parse.GetValue(preset) is not { } name)
            {
                return ExecuteAsync(parse, settings, dryRun, settings.Fill(parse, source, new CompareRequest { Algorithms = names }), cancellationToken);
            }

            if (!ComparePresets.Names.Contains(name))
            {
                throw new CliException($"Unknown --preset '{name}': use {string.Join(" or ", ComparePresets.Names)}.");
            }

            var request = source.Fill(parse, ComparePresets.Request(name)) with { Seed = settings.Value<int>(parse, "seed") };
            return ExecuteAsync(parse, settings, dryRun, parse.GetResult(settings["runs"]) is { Implicit: false } ? request with { Runs = settings.Value<int>(parse, "runs") } : request, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, SearchSettingsOptions settings, Option<bool> dryRun, SearchSettings request, CancellationToken cancellationToken)
    {
        ExperimentConsole.Valid(request);
        if (ExperimentConsole.DryRun(parse, dryRun, request))
        {
            return 0;
        }

        var error = parse.InvocationConfiguration.Error;
        using var provider = new BenchmarkProvider(StoreLocator.LoadSpace(error), NasBench.Core.NasBenchPaths.CellIndexPath);
        var sink = ExperimentConsole.Folder(parse.GetValue(settings.Out)!);
        var runner = new SearchExperimentRunner(provider, request.Kind, livePoints: false, predictors: NasBench.Training.Predictors.MetaDnnPredictorFactory.Default);
        SearchExperimentResult result;
        using (var bar = new ExperimentConsole.Bar(error, $"{request.AlgorithmList.Count * request.Runs} runs"))
        {
            result = await runner.RunSearchAsync(request, sink, bar, cancellationToken);
            bar.Done();
        }

        await parse.InvocationConfiguration.Output.WriteAsync(SearchFiles.Summary(result, includeWallTime: true));
        ExperimentConsole.Report(error, sink);
        return 0;
    }
}
