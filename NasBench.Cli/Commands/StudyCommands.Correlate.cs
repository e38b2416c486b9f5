using System.CommandLine;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;

namespace NasBench.Cli.Commands;

public static partial class StudyCommands
{
    private static Command Correlate()
    {
        var defaults = new CorrelateRequest();
        var file = new Option<string?>("--file") { Description = "A CSV file with a header row." };
        var x = new Option<string?>("--x") { Description = "Column of the first accuracy list." };
        var y = new Option<string?>("--y") { Description = "Column of the second accuracy list." };
        var rows = new Option<int?>("--rows") { Description = "Use only the first N data rows." };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the confidence intervals.", DefaultValueFactory = _ => defaults.Bootstrap };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap.", DefaultValueFactory = _ => defaults.Seed };
        var output = OutOption();
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command(ExperimentKinds.Correlate, "Pearson, Spearman and Kendall correlation of two columns (table on stderr, one JSON object on stdout).") { file, x, y, rows, bootstrap, seed, output, dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = ExperimentConsole.Valid(new CorrelateRequest
            {
                File = parse.GetValue(file),
                X = parse.GetValue(x),
                Y = parse.GetValue(y),
                Rows = parse.GetValue(rows),
                Bootstrap = parse.GetValue(bootstrap),
                Seed = parse.GetValue(seed),
            });
            if (ExperimentConsole.DryRun(parse, dryRun, request))
            {
                return 0;
            }

            var error = parse.InvocationConfiguration.Error;
            var sink = ExperimentConsole.Folder(parse.GetValue(output)!);
            var result = await CorrelateRunner.RunStudyAsync(request, sink, cancellationToken);
            await error.WriteAsync(result.Table);
            await parse.InvocationConfiguration.Output.WriteLineAsync(StudyTables.CorrelationJson(result.Result));
            ExperimentConsole.Report(error, sink);
            return 0;
        });
        return command;
    }
}
