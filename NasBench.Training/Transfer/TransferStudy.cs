using NasBench.Core.Benchmark;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Trainers;

namespace NasBench.Training.Transfer;

/// <summary>
/// The seed paper's Table 1, generalised: sample cells held by the benchmark data, train each on another dataset,
/// and keep one CSV row per finished cell so an interrupted study resumes where it stopped.
/// </summary>
/// <remarks>
/// <code>
/// cells = Sample(data, N, sampler, Random(seed))           # deterministic: a rerun draws the same list
/// done = rows of cells.csv (row i must be cells[i], else the folder belongs to another study)
/// for i in N: if i not done: train cells[i] (checkpoint in checkpoints/i); append its row; delete the checkpoint
/// then TransferTable joins the rows with the CIFAR-10 accuracies at 12/36/108 epochs
/// </code>
/// </remarks>
public sealed class TransferStudy(IBenchmarkData data, TransferStudyOptions options)
{
    public const string CellsFile = "cells.csv";

    public TransferStudyOptions Options { get; } = options;

    public string CellsPath => Path.Combine(Options.OutputDirectory, CellsFile);

    public IReadOnlyList<int> SampleCells() => TransferSampling.Sample(data, Options.Cells, Options.Sampler, new Random(Options.Seed));

    /// <summary>The rows already in cells.csv (none when it does not exist).</summary>
    public IReadOnlyList<CellResult> ReadResults() => File.Exists(CellsPath)
        ? File.ReadLines(CellsPath).Skip(1).Where(l => l.Length > 0).Select(CellResult.Parse).OrderBy(r => r.Sample).ToList()
        : [];

    /// <summary>Trains every sampled cell not yet in cells.csv; reports (sample, cells, event) and returns all rows.</summary>
    public IReadOnlyList<CellResult> TrainCells(DatasetSplits dataset, Action<int, int, TrainingEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var cells = SampleCells();
        var results = ReadResults().ToList();
        foreach (var row in results)
        {
            if (row.Sample >= cells.Count || cells[row.Sample] != row.CellIndex)
            {
                throw new InvalidDataException($"{CellsPath} row {row.Sample} holds cell {row.CellIndex}, which this study (seed {Options.Seed}, {Options.Cells} cells, {Options.Sampler}) did not draw there: use another --out folder.");
            }
        }

        Directory.CreateDirectory(Options.OutputDirectory);
        if (!File.Exists(CellsPath))
        {
            File.WriteAllText(CellsPath, CellResult.Header + "\n");
        }

        var subset = dataset.Subset(Options.TrainImages, Options.TestImages);
        var done = results.Select(r => r.Sample).ToHashSet();
        for (int i = 0; i < cells.Count; i++)
        {
            if (done.Contains(i))
            {
                continue;
            }

            var spec = ModelSpec.FromCell(data.Space.Cell(cells[i]));
            var checkpoint = Path.Combine(Options.OutputDirectory, "checkpoints", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            int sample = i;
            var result = new Trainer(Options.Recipe, Options.Training with { CheckpointDirectory = checkpoint })
                .Train(spec, Options.Network, subset, e => progress?.Invoke(sample, cells.Count, e), cancellationToken);
            var row = new CellResult(i, cells[i], spec.Hash.ToString(), spec.AdjacencyString, spec.OperationsString, result.TrainableParameters,
                result.TrainAccuracy, result.ValidationAccuracy, result.TestAccuracy, result.Seconds, result.Device);
            File.AppendAllText(CellsPath, row.ToCsv() + "\n");
            Directory.Delete(checkpoint, recursive: true);
            results.Add(row);
        }

        return results.OrderBy(r => r.Sample).ToList();
    }
}
