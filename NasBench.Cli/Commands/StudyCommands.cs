using NasBench.Core.Presentation;
using System.CommandLine;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench study …`: distance vs accuracy, performant cells, correlation of two accuracy lists, transfer.</summary>
public static partial class StudyCommands
{
    public static Command Create()
    {
        var study = new Command("study", "The seed paper's studies: distance vs accuracy, performant cells, correlations, transfer to other datasets.");
        study.Subcommands.Add(Distance());
        study.Subcommands.Add(Cells());
        study.Subcommands.Add(Correlate());
        study.Subcommands.Add(TransferStudyCommand.Create());
        study.Subcommands.Add(ProxiesStudyCommand.Create());
        study.Subcommands.Add(AdviseStudyCommand.Create());
        return study;
    }

    private static Option<string> OutOption() => new("--out") { Description = "Output folder for the files and figures.", DefaultValueFactory = _ => "nasbench-out" };

    private static Command Distance()
    {
        var defaults = new DistanceRequest();
        var source = new BenchmarkSourceOptions();
        var pairs = new Option<int>("--pairs") { Description = "Random pairs of cells.", DefaultValueFactory = _ => defaults.Pairs };
        var seed = new Option<int>("--seed") { Description = "Seed of the pairs and the bootstrap.", DefaultValueFactory = _ => defaults.Seed };
        var sampler = new Option<CellDistribution>("--sampler") { Description = "auto, raw (the seed's raw sampler) or uniform (the benchmark's cells).", DefaultValueFactory = _ => defaults.Sampler };
        var output = OutOption();
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command(ExperimentKinds.Distance, "Distance between cells vs |Δ mean validation accuracy| (the seed paper's Figure 4), for three distances.") { pairs, seed, sampler, output, dryRun };
        source.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = ExperimentConsole.Valid(source.Fill(parse, new DistanceRequest { Pairs = parse.GetValue(pairs), Seed = parse.GetValue(seed), Sampler = parse.GetValue(sampler) }));
            if (ExperimentConsole.DryRun(parse, dryRun, request))
            {
                return 0;
            }

            var error = parse.InvocationConfiguration.Error;
            using var provider = new BenchmarkProvider(StoreLocator.LoadSpace(error), NasBench.Core.NasBenchPaths.CellIndexPath);
            var sink = ExperimentConsole.Folder(parse.GetValue(output)!);
            var result = await new DistanceRunner(provider).RunStudyAsync(request, sink, null, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteAsync(result.Table);
            ExperimentConsole.Report(error, sink);
            return 0;
        });
        return command;
    }

    private static Command Cells()
    {
        var defaults = new CellsRequest();
        var source = new BenchmarkSourceOptions();
        var threshold = new Option<double>("--threshold") { Description = "Performant: mean accuracy strictly above this.", DefaultValueFactory = _ => defaults.Threshold };
        var test = new Option<bool>("--test") { Description = "Threshold the mean test accuracy instead of the mean validation accuracy." };
        var output = OutOption();
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command(ExperimentKinds.Cells, "Features of performant cells vs all cells (the seed paper's §3.5), with a chi-square test per feature.") { threshold, test, output, dryRun };
        source.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = ExperimentConsole.Valid(source.Fill(parse, new CellsRequest { Threshold = parse.GetValue(threshold), Test = parse.GetValue(test) }));
            if (ExperimentConsole.DryRun(parse, dryRun, request))
            {
                return 0;
            }

            var error = parse.InvocationConfiguration.Error;
            using var provider = new BenchmarkProvider(StoreLocator.LoadSpace(error), NasBench.Core.NasBenchPaths.CellIndexPath);
            var sink = ExperimentConsole.Folder(parse.GetValue(output)!);
            var result = await new CellsRunner(provider).RunStudyAsync(request, sink, null, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteAsync(result.Table);
            ExperimentConsole.Report(error, sink);
            return 0;
        });
        return command;
    }
}
