using System.Diagnostics;
using System.Globalization;
using NasBench.Core.Progress;
using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;
using NasBench.Core.Studies.Advisor;
using NasBench.Training.Data;
using NasBench.Training.Experiments;
using NasBench.Training.Proxies;
using NasBench.Training.Trainers;

namespace NasBench.Training.Advisor;

/// <summary>
/// Runs an <see cref="AdviseRequest"/>: the cell advisor. Every stage writes into the sink as it goes, and a rerun on the
/// same sink resumes: scored cells are read back from proxies.csv, trained cells from the sink's trained cells.
/// </summary>
/// <remarks>
/// <code>
/// pool = CellSelection: top N by CIFAR-10 validation accuracy at 108 epochs (mean of 3) + M uniform others (seed)
/// 1. scores = ProxyScoring(pool) on one batch of the new dataset        # resumes from proxies.csv
/// 2. picks = TrainingPicks.Span(CIFAR-10 accuracy, span proxy, budget)  # deterministic: a rerun picks the same cells
///    train each pick not yet trained (short schedule, the request's network), sink.AddTrainedCell(index = next)
/// 3. fit = AdvisorFit.Fit([CIFAR-10, proxies...], trained, recommend)   # ρ/τ with CIs, top-k overlap, regret, planner
/// 4. with --check K: train the top K recommended and K random pool cells (seed) the same way; compare their accuracies
/// write pool.csv, evidence.csv, recommendation.csv, advice.txt and the figures
/// </code>
/// Trained cells are matched by hash, not position: a cell of the sink that is not in the pool means the sink belongs to
/// another study (an error that says so).
/// </remarks>
/// <param name="provider">Opens the benchmark store.</param>
/// <param name="worker">The worker that owns TorchSharp's process-wide state (null: <see cref="TrainingWorker.Shared"/>).</param>
/// <param name="checkpointDirectory">Folder of the per-training checkpoints; null: none.</param>
public sealed class AdviseRunner(BenchmarkProvider provider, TrainingWorker? worker = null, string? checkpointDirectory = null) : IExperimentRunner
{
    /// <summary>The share of the progress bar the proxies take (the trainings take the rest).</summary>
    private const double ScoringShare = 0.25;

    private readonly TrainingWorker _worker = worker ?? TrainingWorker.Shared;

    /// <inheritdoc/>
    public string Kind => ExperimentKinds.Advise;

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        var r = request as AdviseRequest ?? throw new ArgumentException($"The advise runner runs '{ExperimentKinds.Advise}' requests, not '{request?.Kind}'.", nameof(request));
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(provider);
        r.ThrowIfInvalid();
        var (cells, sources, note, synthetic) = await r.Selection.SelectAsync(provider, () => provider.Space(), progress, cancellationToken).ConfigureAwait(false);
        var notes = new List<string> { note, Inv($"Network: stem {r.StemChannels}, {r.Stacks} stacks × {r.CellsPerStack} cells; short trainings: {r.ResolveRecipe().Epochs} epoch(s) of the {r.Recipe} recipe{(r.TrainImages is { } t ? Inv($" on the first {t} training images") : "")}.") };
        if (synthetic)
        {
            notes.Add("The store is SYNTHETIC: its CIFAR-10 accuracies are generated, not NAS-Bench-101's; the advice is a demonstration only.");
        }

        var proxies = r.ProxyList;
        var scoring = new ProxyScoring(_worker, r, proxies, r.Reference, sink, progress) { BatchSize = r.ProxyBatch, Timed = false };
        var (rows, resumedScores) = await scoring.RunAsync(cells, (0, ScoringShare), cancellationToken).ConfigureAwait(false);
        if (rows.Count < cells.Count)
        {
            await CancelledAsync(sink, notes, Inv($"Cancelled while scoring: {rows.Count} of {cells.Count} pool cells scored (proxies.csv); run it again with the same output to resume.")).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var pool = new AdvisorPool(r, cells, sources, rows);
        var done = (await sink.ReadTrainedCellsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Hash, StringComparer.Ordinal);
        foreach (var stray in done.Values.Where(c => pool.PositionOf(c.Hash) < 0))
        {
            throw new InvalidDataException($"The results hold a trained cell ({stray.Hash}) that is not in this advisor's pool (seed {r.Seed}, top {r.Top}, uniform {r.Uniform}): use another output folder.");
        }

        if (resumedScores > 0 || done.Count > 0)
        {
            notes.Add(Inv($"Resumed: {resumedScores} pool cells were already scored and {done.Count} cells already trained."));
        }

        var picks = TrainingPicks.Span(pool.Reference, pool.Scores(r.SpanProxy), r.Trainings);
        using var trainer = new ShortTrainings(_worker, r, sink, progress, done, checkpointDirectory) { Budget = r.Trainings + 2 * r.Check };
        if (!await trainer.TrainAsync(picks.Select(pool.Spec).ToList(), notes, cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        var fit = pool.Fit(picks, done, r.Recommend, r.Bootstrap);
        AdviceCheck? check = null;
        if (r.Check > 0)
        {
            var (recommended, random) = pool.CheckCells(fit, r.Check);
            if (!await trainer.TrainAsync([.. recommended.Concat(random).Select(pool.Spec)], notes, cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            check = new AdviceCheck([.. recommended.Select(p => done[pool.Hash(p)].TestAccuracy)], [.. random.Select(p => done[pool.Hash(p)].TestAccuracy)]);
        }

        await AdviceFiles.WriteAsync(sink, r, pool, picks, done, fit, check, synthetic, cancellationToken).ConfigureAwait(false);
        var outcome = ExperimentOutcome.Succeeded(notes);
        await sink.CompleteAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    internal static ValueTask CancelledAsync(IResultSink sink, List<string> notes, string why) =>
        sink.CompleteAsync(ExperimentOutcome.Cancelled([.. notes, why]), CancellationToken.None);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The recommended and random cells trained after the fit, with their short-training test accuracies.</summary>
public sealed record AdviceCheck(IReadOnlyList<double> Recommended, IReadOnlyList<double> Random);

/// <summary>
/// The short trainings of the advisor: one cell after another on the new dataset, each into the sink as it finishes
/// (the trained cells the sink already holds are skipped).
/// </summary>
internal sealed class ShortTrainings(TrainingWorker worker, AdviseRequest r, IResultSink sink, IProgress<ExperimentProgress>? progress,
    Dictionary<string, TrainedCell> done, string? checkpointDirectory) : IDisposable
{
    private DatasetSplits? _all;
    private DatasetSplits? _data;

    /// <summary>Trainings in all (for the progress bar).</summary>
    public int Budget { get; init; } = 1;

    /// <summary>Trains the cells not yet done; false when cancelled (the sink is completed as cancelled).</summary>
    public async Task<bool> TrainAsync(IReadOnlyList<ModelSpec> specs, List<string> notes, CancellationToken cancellationToken)
    {
        var todo = specs.Where(s => !done.ContainsKey(s.Hash.ToString())).DistinctBy(s => s.Hash).ToList();
        if (todo.Count == 0)
        {
            return true;
        }

        if (_data is null)
        {
            progress?.Report(new ExperimentProgress(Fraction(), $"loading {r.DatasetName}"));
            _all = await DatasetCatalog.LoadAsync(r.Dataset, r.ResolveDataDir(), r.Download, cancellationToken: cancellationToken).ConfigureAwait(false);
            _data = _all.Subset(r.TrainImages, r.TestImages);
        }

        var recipe = r.ResolveRecipe();
        var network = r.Network(_data.Classes);
        var recorder = new TrainingRecorder(sink, progress, TimeProvider.System, Fraction(), TorchRuntime.IsCpu(r.Device));
        foreach (var spec in todo)
        {
            int index = done.Count;
            string? checkpoint = checkpointDirectory is null ? null : Path.Combine(checkpointDirectory, index.ToString(CultureInfo.InvariantCulture));
            recorder.Span = (Fraction(), (1 - 0.25) / Math.Max(1, Budget));
            recorder.Prefix = string.Create(CultureInfo.InvariantCulture, $"training {index + 1}/{Budget}: ");
            TrainingResult result;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                result = await worker.TrainAsync(spec, network, _data, recipe, r.Training(checkpoint), recorder, cancellationToken, training: index).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                recorder.Flush();
                await AdviseRunner.CancelledAsync(sink, notes, string.Create(CultureInfo.InvariantCulture, $"Cancelled after {done.Count} short trainings: run it again with the same output to resume.")).ConfigureAwait(false);
                return false;
            }

            recorder.Flush();
            var cell = new TrainedCell(index, spec.Hash.ToString(), spec.AdjacencyString, spec.OperationsString, result.TrainableParameters,
                result.TrainAccuracy, result.ValidationAccuracy, result.TestAccuracy, result.Seconds);
            await sink.AddTrainedCellAsync(cell, CancellationToken.None).ConfigureAwait(false);
            done[cell.Hash] = cell;
            if (checkpoint is not null && Directory.Exists(checkpoint))
            {
                Directory.Delete(checkpoint, recursive: true);
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _data?.Dispose();
        _all?.Dispose();
    }

    private double Fraction() => 0.25 + 0.75 * Math.Min(1, (double)done.Count / Math.Max(1, Budget));
}
