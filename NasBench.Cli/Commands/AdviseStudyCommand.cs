using System.CommandLine;
using NasBench.Core.Experiments;
using NasBench.Training.Advisor;
using NasBench.Training.Proxies;

namespace NasBench.Cli.Commands;

/// <summary>
/// `nasbench study advise`: which NAS-Bench-101 cells to train on a new dataset. Parses the options into an
/// <see cref="AdviseRequest"/> and runs it with a <see cref="FolderSink"/> on --out (proxies.csv and cells.csv resume an
/// interrupted run; advice.txt, recommendation.csv, evidence.csv, pool.csv and two figures at the end).
/// </summary>
public static class AdviseStudyCommand
{
    public static Command Create()
    {
        var defaults = new AdviseRequest();
        var o = new TrainingArguments(includeSpec: false);
        var top = new Option<int>("--top") { Description = "Pool: the N best cells by CIFAR-10 validation accuracy at 108 epochs (mean of 3 repeats).", DefaultValueFactory = _ => defaults.Top };
        var uniform = new Option<int>("--uniform") { Description = "Pool: M other cells drawn uniformly by --seed.", DefaultValueFactory = _ => defaults.Uniform };
        var cells = new Option<string?>("--cells") { Description = "Build the pool from a cells file (metrics_30k.csv, the seed paper's CSV) instead of the store." };
        var reference = new Option<string>("--reference-column") { Description = "The cells file's CIFAR-10 accuracy column.", DefaultValueFactory = _ => defaults.ReferenceColumn };
        var proxies = new Option<string?>("--proxies") { Description = $"Comma-separated, of {string.Join(", ", ProxyNames.All)} (default: all)." };
        var proxyBatch = new Option<int>("--proxy-batch") { Description = "Images of the proxies' one batch.", DefaultValueFactory = _ => defaults.ProxyBatch };
        var trainings = new Option<int>("--trainings") { Description = "The budget: short trainings of cells that span the pool (at least 3).", DefaultValueFactory = _ => defaults.Trainings };
        var recommend = new Option<int>("--recommend") { Description = "Cells to recommend.", DefaultValueFactory = _ => defaults.Recommend };
        var check = new Option<int>("--check") { Description = "Then train K recommended and K random cells the same way and compare (0: no check).", DefaultValueFactory = _ => defaults.Check };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples of the CIs.", DefaultValueFactory = _ => defaults.Bootstrap };
        var output = new Option<string>("--out") { Description = "Folder of the advice (rerun with the same folder to resume).", DefaultValueFactory = _ => "nasbench-advice" };
        var store = StoreLocator.CreateOption();
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command("advise", "Which NAS-Bench-101 cells to train on a new dataset: score a pool with the zero-cost proxies, train a few cells briefly, fit, recommend. --epochs sets the short schedule.")
        {
            top, uniform, cells, reference, proxies, proxyBatch, trainings, recommend, check, bootstrap, output, store, dryRun,
        };
        o.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = TrainingArguments.Valid(o.Fill(parse, new AdviseRequest
            {
                Top = parse.GetValue(top), Uniform = parse.GetValue(uniform), Cells = parse.GetValue(cells), ReferenceColumn = parse.GetValue(reference)!,
                Proxies = parse.GetValue(proxies), ProxyBatch = parse.GetValue(proxyBatch), Trainings = parse.GetValue(trainings), Recommend = parse.GetValue(recommend),
                Check = parse.GetValue(check), Bootstrap = parse.GetValue(bootstrap), Store = parse.GetValue(store),
            }));
            if (ExperimentConsole.DryRun(parse, dryRun, request))
            {
                return 0;
            }

            await ExperimentConsole.RunTrainingStudyAsync(parse, request, parse.GetValue(output)!, "advice.txt",
                (provider, checkpoints) => new AdviseRunner(provider, checkpointDirectory: checkpoints), cancellationToken);
            return 0;
        });
        return command;
    }
}
