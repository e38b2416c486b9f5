using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Options;
using NasBench.Core.Presentation;
using NasBench.Core.SearchSpace;
using NasBench.Core.Statistics;
using NasBench.Core.Studies.Transfer;
using NasBench.Training.Data;
using NasBench.Training.Experiments;
using NasBench.Training.Transfer;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>One column of the table (a CIFAR-10 budget, or an x column): the coefficients and the scatter with its fit line.</summary>
/// <param name="Label">The column heading: "12 epochs" or the x column's name.</param>
/// <param name="Epochs">The CIFAR-10 epoch budget, when the column is one.</param>
/// <param name="Mean">CIFAR-10 as the mean of 3 repeats (a transfer study), or the x column.</param>
/// <param name="Single">A transfer study's single-repeat row (the seed paper's own reading); null for a CSV.</param>
/// <param name="Scatter">Core's scatter figure (<see cref="StudyFigures.Scatter"/>): the points and the least-squares line.</param>
public sealed record CorrelationColumn(string Label, int? Epochs, CorrelationResult Mean, CorrelationResult? Single, Figure Scatter)
{
    /// <summary>Top-k overlap, transfer regret and the sample-size planner of the same pairs (what transfer.txt holds).</summary>
    public TransferStatisticsResult? Transfer { get; init; }
}

/// <summary>The correlation page's content: the seed paper's Table 1 for one study or CSV.</summary>
public sealed record CorrelationView(string Title, string Subject, IReadOnlyList<CorrelationColumn> Columns, IReadOnlyList<string> Notes,
    bool Synthetic, string? Status = null, int Pairs = 0, int? Planned = null);

/// <summary>
/// Builds the correlation table from what the CLI computes: a transfer study through Training's
/// <see cref="TransferTable"/> (the join and the coefficients <c>study transfer</c> writes to table.csv), a correlate
/// experiment or a CSV through <see cref="CorrelateRunner"/> (what <c>study correlate</c> runs), scatters from
/// <see cref="StudyFigures.Scatter"/>. Nothing here computes a statistic itself.
/// </summary>
public static partial class CorrelationViews
{
    /// <summary>A transfer study or a correlate experiment (null when the id names neither).</summary>
    public static async Task<CorrelationView?> OfExperimentAsync(LabDbContext db, BenchmarkProvider provider, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var e = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return e switch
        {
            { Kind: ExperimentKinds.Transfer } => await TransferAsync(db, provider, e, cancellationToken),
            { Kind: ExperimentKinds.Correlate } => await CorrelateAsync(e, cancellationToken),
            _ => null,
        };
    }

    /// <summary>An uploaded CSV: <paramref name="y"/> against each of <paramref name="xs"/> (one column of the table each).</summary>
    public static async Task<CorrelationView> OfCsvAsync(string file, string y, IReadOnlyList<string> xs, int? rows, int bootstrap, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Count == 0)
        {
            throw new RequestValidationException([new RequestError("x", "Pick at least one x column (e.g. the CIFAR-10 accuracies at 12, 36 and 108 epochs).")]);
        }

        var columns = new List<CorrelationColumn>();
        foreach (string x in xs)
        {
            var request = new CorrelateRequest { File = file, X = x, Y = y, Rows = rows, Bootstrap = bootstrap, Seed = seed };
            columns.Add(await ColumnAsync(request, cancellationToken));
        }

        return new CorrelationView($"{y} against {string.Join(", ", xs)}", y, columns, [Inv($"{Path.GetFileName(file)}: {columns[0].Mean.N} rows{(rows is { } r ? Inv($" (the first {r})") : "")}, {bootstrap} bootstrap resamples, seed {seed}.")], false, Pairs: columns[0].Mean.N);
    }

    /// <summary>The header of a CSV (the column pickers).</summary>
    public static string[] Columns(string file)
    {
        using var reader = new StreamReader(file);
        return reader.ReadLine() is { } header ? Core.CsvLine.Split(header) : [];
    }

    /// <summary>Columns that look like CIFAR-10 accuracies (cifar…12, cifar…36, cifar…108): the table's default columns.</summary>
    public static IReadOnlyList<string> CifarColumns(IEnumerable<string> columns) =>
        [.. columns.Where(c => c.Contains("cifar", StringComparison.OrdinalIgnoreCase) && EpochsOf(c) is not null).OrderBy(c => EpochsOf(c))];

    private static async Task<CorrelationColumn> ColumnAsync(CorrelateRequest request, CancellationToken cancellationToken)
    {
        var sink = new ArtifactCollector();
        var result = await CorrelateRunner.RunStudyAsync(request, sink, cancellationToken);
        int? epochs = EpochsOf(request.X!);
        // The same call CorrelateRunner makes for transfer.txt, on the same columns.
        var (xs, ys) = CsvColumns.Read(request.File!, request.X!, request.Y!, request.Rows ?? int.MaxValue);
        var transfer = await Task.Run(() => TransferStatistics.Compute(xs, ys, request.Bootstrap, request.Seed), cancellationToken);
        return new CorrelationColumn(epochs is { } e && request.X!.Contains("cifar", StringComparison.OrdinalIgnoreCase) ? Inv($"{e} epochs") : request.X!, epochs, result.Result, null, sink.Figures[0])
        {
            Transfer = transfer,
        };
    }

    private static async Task<CorrelationView> CorrelateAsync(Experiment e, CancellationToken cancellationToken)
    {
        var request = (CorrelateRequest)e.ValidRequest;
        var column = await ColumnAsync(request, cancellationToken);
        return new CorrelationView($"#{e.Id} {e.Name}", request.Y!, [column], [Inv($"{request.Bootstrap} bootstrap resamples, seed {request.Seed}.")], false, e.Status, column.Mean.N);
    }

    private static async Task<CorrelationView> TransferAsync(LabDbContext db, BenchmarkProvider provider, Experiment e, CancellationToken cancellationToken)
    {
        var request = (TransferRequest)e.ValidRequest;
        string dataset = DatasetCatalog.DisplayName(request.Dataset);
        var trained = await db.TrainedCells.AsNoTracking().Where(c => c.ExperimentId == e.Id).OrderBy(c => c.Index).ToListAsync(cancellationToken);
        var benchmark = await provider.OpenAsync(request.Source, null, cancellationToken);
        var data = benchmark.Data;
        var cells = new List<(int CellIndex, double TestAccuracy)>();
        foreach (var row in trained)
        {
            if (CellHash.TryParse(row.Hash, out var hash) && data.Space.IndexOf(hash) is var index and >= 0 && data.Contains(index))
            {
                cells.Add((index, row.TestAccuracy));
            }
        }

        var notes = new List<string>(benchmark.Notes);
        string title = $"#{e.Id} {e.Name}";
        if (cells.Count < 3)
        {
            notes.Add(Inv($"{cells.Count} of {request.Cells} cells trained so far: the correlations need 3."));
            return new CorrelationView(title, dataset, [], notes, benchmark.IsSynthetic, e.Status, cells.Count, request.Cells);
        }

        // The study's own join and coefficients (TransferRunner writes table.csv from exactly these).
        var pairs = TransferTable.Join(data, cells, request.Seed);
        var rows = TransferTable.Compute(pairs, request.Seed);
        var statistics = TransferTable.Statistics(pairs, request.Seed);
        var columns = pairs.Select((p, i) =>
        {
            var mean = rows.Single(r => r.Epochs == p.Epochs && r.Repeats == "mean3").Correlation;
            var single = rows.Single(r => r.Epochs == p.Epochs && r.Repeats == "single").Correlation;
            var scatter = StudyFigures.Scatter(p.CifarMean, p.Other, Inv($"CIFAR-10 test accuracy ({p.Epochs} epochs)"), $"{dataset} test accuracy", mean);
            return new CorrelationColumn(Inv($"{p.Epochs} epochs"), p.Epochs, mean, single, scatter) { Transfer = statistics[i].Statistics };
        }).ToList();
        if (cells.Count < trained.Count)
        {
            notes.Add(Inv($"{trained.Count - cells.Count} trained cells are not in the benchmark and are left out."));
        }

        return new CorrelationView(title, dataset, columns, notes, benchmark.IsSynthetic, e.Status, cells.Count, request.Cells);
    }

    private static int? EpochsOf(string column) =>
        TrailingNumber().Match(column) is { Success: true } m && int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out int e) ? e : null;

    [GeneratedRegex(@"(\d+)$")]
    private static partial Regex TrailingNumber();

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
