using System.CommandLine;
using NasBench.Training.Data;
using NasBench.Training.Transfer;

namespace NasBench.Cli.Commands;

/// <summary>
/// `nasbench study transfer`: the seed paper's Table 1 on any dataset: sample cells from the store, train each,
/// correlate with the store's CIFAR-10 accuracies. Registered under `study` (or temporarily as `study-transfer`).
/// </summary>
public static class TransferStudyCommand
{
    public static Command Create(string name = "transfer")
    {
        var o = new TrainingArguments(includeSpec: false);
        var cells = new Option<int>("--cells") { Description = "Cells to sample and train.", Required = true };
        var sampler = new Option<TransferSampler>("--sampler") { Description = "unique: distinct cells of the store; raw: the seed paper's raw matrices (duplicates possible).", DefaultValueFactory = _ => TransferSampler.Unique };
        var output = new Option<string>("--out") { Description = "Folder of cells.csv (resumable), table.csv and the scatter plots.", Required = true };
        var store = StoreLocator.CreateOption();
        var command = new Command(name, "Train sampled cells on another dataset and correlate with their NAS-Bench-101 CIFAR-10 accuracies (Pearson, Spearman, Kendall).")
        {
            cells, sampler, output, store,
        };
        o.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(cells) < 3)
            {
                // Checked before any training: Correlation.Compute refuses fewer than three pairs.
                throw new CliException($"--cells {parse.GetValue(cells)}: the correlations need at least 3 cells.");
            }

            var data = StoreLocator.Open(parse.GetValue(store));
            using var dataset = await o.LoadDataAsync(parse, cancellationToken);
            var options = new TransferStudyOptions(parse.GetValue(cells), parse.GetValue(output)!, o.Recipe(parse), o.Network(parse, dataset.Classes), o.Training(parse),
                parse.GetValue(sampler), parse.GetValue(o.Seed), parse.GetValue(o.TrainImages), parse.GetValue(o.TestImages));
            var error = parse.InvocationConfiguration.Error;
            if (data.IsSynthetic)
            {
                await error.WriteLineAsync("note: the store holds SYNTHETIC data, not the official NAS-Bench-101 results.");
            }

            var study = new TransferStudy(data, options);
            int done = study.ReadResults().Count;
            if (done > 0)
            {
                await error.WriteLineAsync($"resuming: {done} cell(s) already in {study.CellsPath}");
            }

            var lines = new Dictionary<int, TrainingProgressLine>();
            var results = study.TrainCells(dataset, (i, n, e) =>
            {
                if (!lines.TryGetValue(i, out var line))
                {
                    lines[i] = line = new TrainingProgressLine(error, $"cell {i + 1}/{n} ");
                }

                line.Report(e);
            }, cancellationToken);

            var pairs = TransferTable.Join(data, results, options.Seed);
            var rows = TransferTable.Compute(pairs, options.Seed);
            await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "table.csv"), TransferTable.ToCsv(rows), cancellationToken);
            var plots = TransferPlots.Write(options.OutputDirectory, dataset.Name, pairs);
            await parse.InvocationConfiguration.Output.WriteAsync(TransferTable.Format(dataset.Name, rows));
            await error.WriteLineAsync($"wrote {study.CellsPath}, table.csv and {plots.Count} plot(s) in {options.OutputDirectory}");
            return 0;
        });
        return command;
    }
}
