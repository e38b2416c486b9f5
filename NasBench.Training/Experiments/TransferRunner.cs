using System.Diagnostics;
using System.Globalization;
using NasBench.Core.Progress;
using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;
using NasBench.Core.Studies.Transfer;
using NasBench.Training.Data;
using NasBench.Training.Trainers;
using NasBench.Training.Transfer;

namespace NasBench.Training.Experiments;

/// <summary>
/// Runs a <see cref="TransferRequest"/>: the seed paper's Table 1 on any dataset. Resumes from the cells the sink
/// already holds, trains the others one by one (each into the sink as it finishes), then writes table.csv,
/// table.txt and the scatter figures.
/// </summary>
/// <remarks>
/// <code>
/// benchmark = provider.Open(store); cells = Sample(benchmark, N, sampler resolved, Random(seed))   # a rerun draws the same list
/// done = sink.ReadTrainedCells (cell i must be cells[i], else the sink belongs to another study)
/// for i in N, not done: stop here if cancelled; train cells[i] (checkpoint in checkpoints/i); sink.AddTrainedCell; delete the checkpoint
/// join with the CIFAR-10 accuracies at 12/36/108 epochs; correlate; transfer statistics (top-k overlap, regret, planner); artifacts and figures
/// </code>
/// </remarks>
/// <param name="provider">Opens the benchmark store (owned by the host).</param>
/// <param name="worker">The worker that owns TorchSharp's process-wide state (null: <see cref="TrainingWorker.Shared"/>).</param>
/// <param name="checkpointDirectory">Folder of the per-cell checkpoints (subfolder per cell); null: none.</param>
public sealed class TransferRunner(BenchmarkProvider provider, TrainingWorker? worker = null, string? checkpointDirectory = null) : IExperimentRunner
{
    private readonly TrainingWorker _worker = worker ?? TrainingWorker.Shared;

    /// <inheritdoc/>
    public string Kind => ExperimentKinds.Transfer;

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        var r = request as TransferRequest ?? throw new ArgumentException($"The transfer runner runs '{ExperimentKinds.Transfer}' requests, not '{request?.Kind}'.", nameof(request));
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(provider);
        r.ThrowIfInvalid();
        var benchmark = await provider.OpenAsync(r.Source, progress, cancellationToken).ConfigureAwait(false);
        var data = benchmark.Data;
        var sampler = CellDistributions.Resolve(r.Sampler, benchmark.IsComplete);
        var cells = TransferSampling.Sample(data, r.Cells, sampler, SeedStreams.Create(r.Seed, 0, StreamPurpose.CellSampling));
        var specs = cells.Select(c => ModelSpec.FromCell(data.Space.Cell(c))).ToList();
        var done = (await sink.ReadTrainedCellsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Index);
        foreach (var cell in done.Values.Where(c => c.Index < 0 || c.Index >= cells.Count || c.Hash != specs[c.Index].Hash.ToString()))
        {
            throw new InvalidDataException($"The results hold cell {cell.Index} ({cell.Hash}), which this study (seed {r.Seed}, {r.Cells} cells, sampler {CellDistributions.Name(sampler)}) did not draw there: use another --out folder.");
        }

        var notes = new List<string>(benchmark.Notes);
        if (done.Count > 0)
        {
            notes.Add(Inv($"Resumed: {done.Count} of {cells.Count} cells were already trained."));
            progress?.Report(new ExperimentProgress((double)done.Count / cells.Count, Inv($"resuming: {done.Count} of {cells.Count} cells already trained")));
        }

        if (done.Count < cells.Count)
        {
            await TrainMissingAsync(r, sink, progress, specs, done, notes, cancellationToken).ConfigureAwait(false);
        }

        string dataset = DatasetCatalog.DisplayName(r.Dataset);
        var trained = done.Values.OrderBy(c => c.Index).Select(c => (cells[c.Index], c.TestAccuracy)).ToList();
        var pairs = TransferTable.Join(data, trained, r.Seed);
        var rows = TransferTable.Compute(pairs, r.Seed);
        await sink.AddArtifactAsync(Artifact.Text("table.csv", TransferTable.ToCsv(rows)), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text("table.txt", TransferTable.Format(dataset, rows)), cancellationToken).ConfigureAwait(false);
        var statistics = TransferTable.Statistics(pairs, r.Seed);
        await sink.AddArtifactAsync(Artifact.Text("transfer.csv", TransferReport.ToCsv(statistics)), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text("transfer.txt", TransferReport.Format("CIFAR-10", dataset, statistics)), cancellationToken).ConfigureAwait(false);
        foreach (var figure in TransferFigures.Scatter(dataset, pairs, rows, benchmark.IsSynthetic))
        {
            await sink.AddFigureAsync(figure, cancellationToken).ConfigureAwait(false);
        }

        var outcome = ExperimentOutcome.Succeeded(notes);
        await sink.CompleteAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task TrainMissingAsync(TransferRequest r, IResultSink sink, IProgress<ExperimentProgress>? progress, List<ModelSpec> specs,
        Dictionary<int, TrainedCell> done, List<string> notes, CancellationToken cancellationToken)
    {
        string directory = r.ResolveDataDir();
        progress?.Report(new ExperimentProgress((double)done.Count / specs.Count, $"loading {r.DatasetName} from {directory}"));
        using var all = await DatasetCatalog.LoadAsync(r.Dataset, directory, r.Download, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var dataset = all.Subset(r.TrainImages, r.TestImages);
        var recipe = r.ResolveRecipe();
        var network = r.Network(dataset.Classes);
        var recorder = new TrainingRecorder(sink, progress, TimeProvider.System, (double)done.Count / specs.Count, TorchRuntime.IsCpu(r.Device));
        for (int i = 0; i < specs.Count; i++)
        {
            if (done.ContainsKey(i))
            {
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                await CancelledAsync(sink, notes, done.Count, specs.Count).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            string? checkpoint = checkpointDirectory is null ? null : Path.Combine(checkpointDirectory, i.ToString(CultureInfo.InvariantCulture));
            recorder.Span = ((double)i / specs.Count, 1.0 / specs.Count);
            recorder.Prefix = Inv($"cell {i + 1}/{specs.Count}: ");
            TrainingResult result;
            try
            {
                result = await _worker.TrainAsync(specs[i], network, dataset, recipe, r.Training(checkpoint), recorder, cancellationToken, training: i).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                recorder.Flush();
                await CancelledAsync(sink, notes, done.Count, specs.Count).ConfigureAwait(false);
                throw;
            }

            recorder.Flush();
            var spec = specs[i];
            var cell = new TrainedCell(i, spec.Hash.ToString(), spec.AdjacencyString, spec.OperationsString, result.TrainableParameters,
                result.TrainAccuracy, result.ValidationAccuracy, result.TestAccuracy, result.Seconds);
            await sink.AddTrainedCellAsync(cell, CancellationToken.None).ConfigureAwait(false);
            done[i] = cell;
            if (checkpoint is not null && Directory.Exists(checkpoint))
            {
                Directory.Delete(checkpoint, recursive: true);
            }
        }
    }

    private static ValueTask CancelledAsync(IResultSink sink, List<string> notes, int trained, int cells) =>
        sink.CompleteAsync(ExperimentOutcome.Cancelled([.. notes, Inv($"Cancelled after {trained} of {cells} cells: run it again with the same output to resume.")]), CancellationToken.None);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
