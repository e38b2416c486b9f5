using System.Diagnostics;
using System.Globalization;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Proxies;
using NasBench.Training.Trainers;

namespace NasBench.Training.Experiments;

/// <summary>
/// Runs a <see cref="ProxiesRequest"/>: scores the cells (a file, or chosen from the store) with the zero-cost proxies and
/// writes proxies.csv as it goes, then correlations.csv, correlations.txt and the rank-correlation chart. Resumes: the cells
/// already in the sink's proxies.csv are not scored again.
/// </summary>
/// <remarks>
/// <code>
/// cells = CellSelection: the file's distinct cells (with --limit: a uniform sample by the seed), or from the store
///         (or the file) the top N by CIFAR-10 validation accuracy at 108 epochs, the listed hashes, M uniform others
/// done = the rows of the sink's proxies.csv (same proxies) whose cell is selected    # a kill or cancel loses at most one chunk
/// batch = --batch-size training images of the dataset drawn by the seed (only when a data-dependent proxy is asked for)
/// for each chunk of max(1, cells/100) cells not done, under the worker's gate: stop if cancelled; score each cell
///     (every proxy on a fresh network from manual_seed(seed): a cell's scores do not depend on what ran before);
///     write proxies.csv (done ∪ scored, in selection order)
/// correlate each proxy with the accuracy: Pearson, Spearman, Kendall, bootstrap CIs
/// </code>
/// </remarks>
/// <param name="space">The enumeration of the space (resolves hashes); called only when the file names cells by hash.</param>
/// <param name="worker">The worker that owns TorchSharp's process-wide state (null: <see cref="TrainingWorker.Shared"/>).</param>
/// <param name="provider">Opens the benchmark store the cells are chosen from (null: only cells files work).</param>
public sealed class ProxiesRunner(Func<CellIndex> space, TrainingWorker? worker = null, BenchmarkProvider? provider = null) : IExperimentRunner
{
    /// <summary>The file the scores are written to (and resumed from).</summary>
    public const string ProxiesFile = "proxies.csv";

    private readonly TrainingWorker _worker = worker ?? TrainingWorker.Shared;

    /// <inheritdoc/>
    public string Kind => ExperimentKinds.Proxies;

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        var r = request as ProxiesRequest ?? throw new ArgumentException($"The proxies runner runs '{ExperimentKinds.Proxies}' requests, not '{request?.Kind}'.", nameof(request));
        ArgumentNullException.ThrowIfNull(sink);
        r.ThrowIfInvalid();
        var proxies = r.ProxyList;
        var (selected, _, selectionNote, synthetic) = await r.Selection.SelectAsync(provider, space, progress, cancellationToken).ConfigureAwait(false);
        var cells = r.Selection.Narrowed ? [.. selected] : Select(selected, r);
        string? against = r.Against;
        if (r.Cells is not null && against is { } column && !cells.Any(c => c.Values.ContainsKey(column)))
        {
            throw new RequestValidationException($"--against-column {column}: no row of '{r.Cells}' has a number in that column.");
        }

        var notes = new List<string> { selectionNote, Inv($"{cells.Count} cells, network: stem {r.StemChannels}, {r.Stacks} stacks × {r.CellsPerStack} cells{(r.StemChannels == 128 && r.Stacks == 3 && r.CellsPerStack == 3 ? " (NAS-Bench-101's size)" : " (reduced)")}.") };
        if (synthetic)
        {
            notes.Add("The store is SYNTHETIC: its CIFAR-10 accuracies are generated, not NAS-Bench-101's.");
        }

        if (proxies.Any(ProxyNames.NeedsData))
        {
            notes.Add(Inv($"One batch of {r.BatchSize ?? ProxiesRequest.DefaultBatchSize} {DatasetCatalog.DisplayName(r.Dataset)} training images (seed {r.Seed})."));
        }

        var scoring = new ProxyScoring(_worker, r, proxies, against, sink, progress) { BatchSize = r.BatchSize ?? ProxiesRequest.DefaultBatchSize };
        var (rows, resumed) = await scoring.RunAsync(cells, (0, 1), cancellationToken).ConfigureAwait(false);
        if (resumed > 0)
        {
            notes.Add(Inv($"Resumed: {resumed} of {cells.Count} cells were already scored."));
        }

        if (rows.Count < cells.Count)
        {
            var cancelled = ExperimentOutcome.Cancelled([.. notes, Inv($"Cancelled after {rows.Count} of {cells.Count} cells: proxies.csv holds those; run it again with the same output to resume.")]);
            await sink.CompleteAsync(cancelled, CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (against is not null)
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

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Scores cells with the proxies under the worker's gate, chunk by chunk, writing proxies.csv after each chunk and skipping
/// the cells a previous run already wrote there (the proxies run's and the advisor's first stage).
/// </summary>
/// <param name="worker">The worker that owns TorchSharp's process-wide state.</param>
/// <param name="r">The request's dataset, batch size, network shape, device, threads and seed.</param>
/// <param name="proxies">The proxies to compute.</param>
/// <param name="against">The accuracy column written beside the scores (null: none).</param>
/// <param name="sink">Where proxies.csv is written and read back from.</param>
/// <param name="progress">Progress, "k/n cells scored".</param>
internal sealed class ProxyScoring(TrainingWorker worker, TrainingRequestBase r, IReadOnlyList<string> proxies, string? against, IResultSink sink, IProgress<ExperimentProgress>? progress)
{
    /// <summary>Proxies batch size when the request gives none.</summary>
    public int BatchSize { get; init; } = ProxiesRequest.DefaultBatchSize;

    /// <summary>Each proxy on its own, with its seconds (a timed run).</summary>
    public bool Timed { get; init; } = r is ProxiesRequest { Timed: true };

    /// <summary>The scored rows in <paramref name="cells"/>' order (fewer when cancelled) and how many were read back from the sink.
    /// Progress goes from <paramref name="span"/>.Start over <paramref name="span"/>.Width.</summary>
    public async Task<(List<ProxyRow> Rows, int Resumed)> RunAsync(IReadOnlyList<ListedCell> cells, (double Start, double Width) span, CancellationToken cancellationToken)
    {
        var previous = await sink.ReadArtifactAsync(ProxiesRunner.ProxiesFile, cancellationToken).ConfigureAwait(false);
        var wanted = cells.Select(c => c.Spec.Hash.ToString()).ToHashSet(StringComparer.Ordinal);
        var done = new Dictionary<string, ProxyRow>(StringComparer.Ordinal);
        foreach (var row in previous is null ? [] : ProxyTable.FromCsv(System.Text.Encoding.UTF8.GetString(previous.Content.Span), proxies, against).Where(row => wanted.Contains(row.Hash)))
        {
            done.TryAdd(row.Hash, row);
        }

        int resumed = done.Count;
        var todo = cells.Where(c => !done.ContainsKey(c.Spec.Hash.ToString())).ToList();
        if (todo.Count > 0)
        {
            DatasetSplits? data = null;
            if (proxies.Any(ProxyNames.NeedsData))
            {
                progress?.Report(new ExperimentProgress(span.Start, $"loading {r.DatasetName}"));
                data = await DatasetCatalog.LoadAsync(r.Dataset, r.ResolveDataDir(), r.Download, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            using (data)
            {
                int chunk = Math.Max(1, cells.Count / 100);
                for (int from = 0; from < todo.Count && !cancellationToken.IsCancellationRequested; from += chunk)
                {
                    var part = todo.Skip(from).Take(chunk).ToList();
                    var scored = await worker.RunAsync(() => Score(part, data, done, cells.Count, span, cancellationToken), cancellationToken).ConfigureAwait(false);
                    foreach (var row in scored)
                    {
                        done[row.Hash] = row;
                    }

                    await WriteAsync(cells, done).ConfigureAwait(false);
                }
            }
        }

        if (todo.Count == 0 && previous is null)
        {
            await WriteAsync(cells, done).ConfigureAwait(false);
        }

        return ([.. cells.Select(c => done.GetValueOrDefault(c.Spec.Hash.ToString())).OfType<ProxyRow>()], resumed);
    }

    private ValueTask WriteAsync(IReadOnlyList<ListedCell> cells, Dictionary<string, ProxyRow> done) =>
        sink.AddArtifactAsync(Artifact.Text(ProxiesRunner.ProxiesFile, ProxyTable.ToCsv(proxies, [.. cells.Select(c => done.GetValueOrDefault(c.Spec.Hash.ToString())).OfType<ProxyRow>()], against)), CancellationToken.None);

    private List<ProxyRow> Score(List<ListedCell> cells, DatasetSplits? data, Dictionary<string, ProxyRow> done, int total, (double Start, double Width) span, CancellationToken cancellationToken)
    {
        TorchRuntime.SetThreads(r.Threads);
        var device = TorchRuntime.SelectDevice(r.Device);
        using var batch = data is null ? null : ProxyBatch.FromDataset(data, BatchSize, r.Seed, device);
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
            foreach (var group in Timed ? proxies.Select(p => (IReadOnlyList<string>)[p]) : [proxies])
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

            double? value2 = against is { } c && cell.Values.TryGetValue(c, out double v) ? v : null;
            rows.Add(new ProxyRow(cell.Spec.Hash.ToString(), scores, clock.Elapsed.TotalSeconds, value2) { ProxySeconds = Timed ? seconds : null, ProxyCpuSeconds = Timed ? cpuSeconds : null });
            int count = done.Count + rows.Count;
            progress?.Report(new ExperimentProgress(span.Start + span.Width * count / total, Inv($"{count}/{total} cells scored")));
        }

        return rows;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
