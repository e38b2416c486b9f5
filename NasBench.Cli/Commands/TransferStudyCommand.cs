using System.CommandLine;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;
using NasBench.Training.Experiments;

namespace NasBench.Cli.Commands;

/// <summary>
/// `nasbench study transfer`: the seed paper's Table 1 on any dataset: sample cells from the store, train each,
/// correlate with the store's CIFAR-10 accuracies. Parses the options into a <see cref="TransferRequest"/> and runs
/// it with a <see cref="FolderSink"/> on --out (cells.csv resumes an interrupted study).
/// </summary>
public static class TransferStudyCommand
{
    public static Command Create(string name = ExperimentKinds.Transfer)
    {
        var o = new TrainingArguments(includeSpec: false);
        var cells = new Option<int>("--cells") { Description = "Cells to sample and train (at least 3).", Required = true };
        var sampler = new Option<string>("--sampler") { Description = "auto (raw on a complete store, uniform otherwise), raw (the seed paper's raw matrices, duplicates possible) or uniform (distinct cells of the store).", DefaultValueFactory = _ => "auto" };
        var output = new Option<string>("--out") { Description = "Folder of cells.csv (resumable), table.csv, table.txt and the scatter figures.", Required = true };
        var store = StoreLocator.CreateOption();
        var dryRun = ExperimentConsole.DryRunOption();
        var command = new Command(name, "Train sampled cells on another dataset and correlate with their NAS-Bench-101 CIFAR-10 accuracies (Pearson, Spearman, Kendall).")
        {
            cells, sampler, output, store, dryRun,
        };
        o.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string samplerName = parse.GetValue(sampler)!;
            int distribution = Array.IndexOf(CellDistributions.Names, samplerName);
            if (distribution < 0)
            {
                throw new RequestValidationException(new RequestRules().OneOf("sampler", samplerName, CellDistributions.Names).Errors);
            }

            // Checked before any training or store access (the correlations need three pairs).
            var request = TrainingArguments.Valid(o.Fill(parse, new TransferRequest
            {
                Cells = parse.GetValue(cells),
                Sampler = (CellDistribution)distribution,
                Store = parse.GetValue(store),
            }));
            if (ExperimentConsole.DryRun(parse, dryRun, request))
            {
                return 0;
            }

            await ExperimentConsole.RunTrainingStudyAsync(parse, request, parse.GetValue(output)!, "table.txt",
                (provider, checkpoints) => new TransferRunner(provider, checkpointDirectory: checkpoints), cancellationToken);
            return 0;
        });
        return command;
    }
}
