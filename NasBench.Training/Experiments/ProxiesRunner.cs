using System.Diagnostics;
using System.Globalization;
using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Proxies;
using NasBench.Training.Trainers;

namespace NasBench.Training.Experiments;

/// <summary>
/// Runs a <see cref="ProxiesRequest"/>: scores the cells of the file with the zero-cost proxies and writes
/// proxies.csv, and with an accuracy column correlations.csv, correlations.txt and the rank-correlation chart.
/// </summary>
/// <remarks>
/// <code>
/// cells = distinct cells of the file (hashes through the enumeration); with --limit: a uniform sample by the seed
/// batch = --batch-size training images of the dataset drawn by the seed (only when a data-dependent proxy is asked for)
/// under the worker's gate: for each cell, stop if cancelled; scores = ProxyScorer(network, seed).Score(cell)
/// proxies.csv (partial when cancelled); correlate each proxy with the column: Pearson, Spearman, Kendall, bootstrap CIs
/// </code>
/// </remarks>
/// <param name="space">The enumeration of the space (resolves hashes); called only when the file names cells by hash.</param>
/// <param name="worker">The worker that owns TorchSharp's process-wide state (null: <see cref="TrainingWorker.Shared"/>).</param>
public sealed class ProxiesRunner(Func<CellIndex> space, TrainingWorker? worker = null) : IExperimentRunner
{
    private readonly TrainingWorker _worker = worker ?? TrainingWorker.Shared;

    /// <inheritdoc/>
    public string Kind => TrainingExperiments.ProxiesKind;

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        var r = request as ProxiesRequest ?? throw new ArgumentException($"The proxies runner runs '{TrainingExperiments.ProxiesKind}' requests, not '{request?.Kind}'.", nameof(request));
        ArgumentNullException.ThrowIfNull(sink);
        r.ThrowIfInvalid();
        var proxies = r.ProxyList;
        var cells = Select(CellListFile.Read(r.Cells, space), r);
        if (r.AgainstColumn is { } column && !cells.Any(c => c.Values.ContainsKey(column)))
        {
            throw new RequestValidationException($"--against-column {column}: no row of '{r.Cells}' has a number in that column.");
        }

        var notes = new List<string> { Inv($"{cells.Count} cells, network: stem {r.StemChannels}, {r.Stacks} stacks × {r.CellsPerStack} cells{(r.StemChannels == 128 && r.Stacks == 3 && r.CellsPerStack == 3 ? " (NAS-Bench-101's size)" : " (reduced)")}.") };
        DatasetSplits? data = null;
        if (proxies.Any(ProxyNames.NeedsData))
        {
            progress?.Report(new ExperimentProgress(0, $"loading {r.DatasetName}"));
            data = await DatasetCatalog.LoadAsync(r.Dataset, r.ResolveDataDir(), r.Download, cancellationToken: cancellationToken).ConfigureAwait(false);
            notes.Add(Inv($"One batch of {r.BatchSize ?? ProxiesRequest.DefaultBatchSize} {DatasetCatalog.DisplayName(r.Dataset)} training images (seed {r.Seed})."));
        }

        List<ProxyRow> rows;
        using (data)
        {
            rows = await _worker.RunAsync(() => Score(r, proxies, cells, data, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        await sink.AddArtifactAsync(Artifact.Text("proxies.csv", ProxyTable.ToCsv(proxies, rows, r.AgainstColumn)), CancellationToken.None).ConfigureAwait(false);
        if (rows.Count < cells.Count)
        {
            var cancelled = ExperimentOutcome.Cancelled([.. notes, Inv($"Cancelled after {rows.Count} of {cells.Count} cells: proxies.csv holds those.")]);
            await sink.CompleteAsync(cancelled, CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (r.AgainstColumn is { } against)
        {
            var correlations = ProxyTable.Correlate(proxies, rows, r.Bootstrap, r.Seed);
            await sink.AddArtifactAsync(Artifact.Text("correlations.csv", ProxyTable.CorrelationsCsv(correlations)), cancellationToken).ConfigureAwait(false);
            await sink.AddArtifactAsync(Artifact.Text("correlations.txt", ProxyTable.Format(against, correlations)), cancellationToken).ConfigureAwait(false);
            await sink.AddFigureAsync(ProxyTable.Chart(against, correlations), cancellationToken).ConfigureAwait(false);
        }

        if (r.Timed)
        {
            await sink.AddArtifactAsync(Artifact.Text("timings.txt", ProxyTable.Timings(proxies, rows)), cancellationToken).ConfigureAwait(false);
        }

        var outcome = ExperimentOutcome.Succeeded(notes);
        await sink.CompleteAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>The file's cells, or a uniform sample of --limit of them (kept in file order).</summary>
    private static List<ListedCell> Select(IReadOnlyList<ListedCell> cells, ProxiesRequest r)
    {
        if (r.Limit is not { } limit || limit >= cells.Count)
        {
            return [.. cells];
        }

        var order = Enumerable.Range(0, cells.Count).ToArray();
        SeedStreams.Create(r.Seed, 0, StreamPurpose.CellSampling).Shuffle(order);
        return [.. order[..limit].Order().Select(i => cells[i])];
    }

    private static List<ProxyRow> Score(ProxiesRequest r, IReadOnlyList<string> proxies, List<ListedCell> cells, DatasetSplits? data, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        TorchRuntime.SetThreads(r.Threads);
        var device = TorchRuntime.SelectDevice(r.Device);
        using var batch = data is null ? null : ProxyBatch.FromDataset(data, r.BatchSize ?? ProxiesRequest.DefaultBatchSize, r.Seed, device);
        int side = data is null ? 32 : data.Pipeline.OutputSize(data.Train.Height);
        var scorer = new ProxyScorer(r.Network(data?.Classes ?? 10), r.Seed, device);
        var rows = new List<ProxyRow>();
        foreach (var cell in cells)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var clock = Stopwatch.StartNew();
            var scores = new Dictionary<string, double>();
            var seconds = new Dictionary<string, double>();
            var cpuSeconds = new Dictionary<string, double>();
            foreach (var group in r.Timed ? proxies.Select(p => (IReadOnlyList<string>)[p]) : [proxies])
            {
                var start = clock.Elapsed.TotalSeconds;
                var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                foreach (var (name, value) in scorer.Score(cell.Spec, group, batch, side, CancellationToken.None))
                {
                    scores[name] = value;
                }

                seconds[group[0]] = clock.Elapsed.TotalSeconds - start;
                cpuSeconds[group[0]] = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
            }

            double? against = r.AgainstColumn is { } c && cell.Values.TryGetValue(c, out double v) ? v : null;
            rows.Add(new ProxyRow(cell.Spec.Hash.ToString(), scores, clock.Elapsed.TotalSeconds, against) { ProxySeconds = r.Timed ? seconds : null, ProxyCpuSeconds = r.Timed ? cpuSeconds : null });
            progress?.Report(new ExperimentProgress((double)rows.Count / cells.Count, Inv($"{rows.Count}/{cells.Count} cells scored")));
        }

        return rows;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
