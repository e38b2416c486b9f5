using System.Globalization;
using System.Text;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Core.Statistics;
using NasBench.Core.Studies.Distance;
using NasBench.Core.Studies.PerformantCells;
using NasBench.Core.Studies.Transfer;

namespace NasBench.Core.Experiments.Runners;

/// <summary>Runs <c>distance</c> requests: the pairs, three distances, their correlations, distance.csv and the figure.</summary>
public sealed class DistanceRunner(BenchmarkProvider provider) : IExperimentRunner
{
    /// <inheritdoc/>
    public string Kind => ExperimentKinds.Distance;

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken) =>
        (await RunStudyAsync((DistanceRequest)request, sink, progress, cancellationToken).ConfigureAwait(false)).Outcome;

    /// <summary>Runs the edit-distance study and writes its tables; returns the result with the outcome.</summary>
    public async Task<StudyResult<DistanceStudyResult>> RunStudyAsync(DistanceRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        request.ThrowIfInvalid();
        var benchmark = await provider.OpenAsync(request.Source, progress, cancellationToken).ConfigureAwait(false);
        progress?.Report(new ExperimentProgress(0, $"{request.Pairs:N0} pairs"));
        var options = new DistanceStudyOptions { Pairs = request.Pairs, Seed = request.Seed, Sampler = request.Sampler };
        var result = await Task.Run(() => DistanceStudy.Run(benchmark.Tables, options, cancellationToken), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text("distance.csv", StudyTables.DistancePairs(result)), cancellationToken).ConfigureAwait(false);
        await sink.AddFigureAsync(StudyFigures.Distance(result, benchmark.Tag), cancellationToken).ConfigureAwait(false);
        return await StudyResult<DistanceStudyResult>.CompleteAsync(sink, benchmark, result, StudyTables.Distance(result, options, benchmark), benchmark.Notes).ConfigureAwait(false);
    }
}

/// <summary>Runs <c>cells</c> requests: feature frequencies of performant cells vs the others, features.csv and the figure.</summary>
public sealed class CellsRunner(BenchmarkProvider provider) : IExperimentRunner
{
    /// <inheritdoc/>
    public string Kind => ExperimentKinds.Cells;

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken) =>
        (await RunStudyAsync((CellsRequest)request, sink, progress, cancellationToken).ConfigureAwait(false)).Outcome;

    /// <summary>Runs the performant-cells study and writes its tables; returns the result with the outcome.</summary>
    public async Task<StudyResult<PerformantCellsResult>> RunStudyAsync(CellsRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        request.ThrowIfInvalid();
        var benchmark = await provider.OpenAsync(request.Source, progress, cancellationToken).ConfigureAwait(false);
        var options = new PerformantCellsOptions { Threshold = request.Threshold, UseTestAccuracy = request.Test };
        var result = await Task.Run(() => PerformantCellsStudy.Run(benchmark.Tables, options, cancellationToken), cancellationToken).ConfigureAwait(false);
        string measure = request.Test ? "test" : "validation";
        if (result.Performant == 0 || result.Performant == result.All)
        {
            var tables = benchmark.Tables;
            double best = request.Test ? tables.BestMeanTestAccuracy : tables.BestMeanValidationAccuracy;
            throw new RequestValidationException([new RequestError("threshold", string.Create(CultureInfo.InvariantCulture,
                $"--threshold {request.Threshold}: {(result.Performant == 0 ? "no" : "every")} cell of the {result.All:N0} held has a mean {measure} accuracy above it (the best is {best:F4}); choose a threshold between the cells' accuracies."))]);
        }

        var notes = benchmark.Notes.ToList();
        int dropped = result.Features.Count(f => double.IsNaN(f.P));
        if (dropped > 0)
        {
            notes.Add($"{dropped} features present in every cell or in none are left out (no test is possible).");
        }

        if (result.Performant < 20)
        {
            notes.Add($"Only {result.Performant} performant cells: the chi-square tests are unreliable with so few.");
        }

        await sink.AddArtifactAsync(Artifact.Text("features.csv", StudyTables.FeaturesCsv(result)), cancellationToken).ConfigureAwait(false);
        await sink.AddFigureAsync(StudyFigures.Cells(result, measure, benchmark.Tag), cancellationToken).ConfigureAwait(false);
        return await StudyResult<PerformantCellsResult>.CompleteAsync(sink, benchmark, result, StudyTables.Cells(result, benchmark), notes).ConfigureAwait(false);
    }
}

/// <summary>Runs <c>correlate</c> requests: two columns of a CSV, three coefficients with p-values and bootstrap CIs.</summary>
public sealed class CorrelateRunner : IExperimentRunner
{
    /// <inheritdoc/>
    public string Kind => ExperimentKinds.Correlate;

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken) =>
        (await RunStudyAsync((CorrelateRequest)request, sink, cancellationToken).ConfigureAwait(false)).Outcome;

    /// <summary>
    /// Correlates the request's columns of the records and writes the table; returns the result with the outcome.
    /// </summary>
    public static async Task<StudyResult<CorrelationResult>> RunStudyAsync(CorrelateRequest request, IResultSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        request.ThrowIfInvalid();
        var (xs, ys) = CsvColumns.Read(request.File!, request.X!, request.Y!, request.Rows ?? int.MaxValue);
        if (xs.Length < 3)
        {
            throw new RequestValidationException([new RequestError("file", $"--file '{request.File}' has {xs.Length} data rows: the correlations need at least 3.")]);
        }

        var result = await Task.Run(() => Correlation.Compute(xs, ys, request.Bootstrap, request.Seed), cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        if (!double.IsFinite(result.Pearson.R))
        {
            notes.Add($"One column is constant: the coefficients are undefined (n = {result.N}).");
        }

        await sink.AddArtifactAsync(Artifact.Text("correlate.json", StudyTables.CorrelationJson(result) + "\n"), cancellationToken).ConfigureAwait(false);
        await sink.AddFigureAsync(StudyFigures.Scatter(xs, ys, request.X!, request.Y!, result), cancellationToken).ConfigureAwait(false);
        var transfer = await Task.Run(() => new TransferReportRow(request.X!, TransferStatistics.Compute(xs, ys, request.Bootstrap, request.Seed)), cancellationToken).ConfigureAwait(false);
        string report = TransferReport.Format(request.X!, request.Y!, [transfer]);
        await sink.AddArtifactAsync(Artifact.Text("transfer.csv", TransferReport.ToCsv([transfer])), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text("transfer.txt", report), cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{request.X} vs {request.Y}: n = {result.N}\n");
        text.Append(StudyTables.Coefficients(result));
        text.Append('\n').Append(report);
        var outcome = ExperimentOutcome.Succeeded(notes);
        await sink.CompleteAsync(outcome, cancellationToken).ConfigureAwait(false);
        return new StudyResult<CorrelationResult>(null, result, text.ToString(), outcome);
    }
}

/// <summary>A study's result, the table the CLI prints, and the outcome given to the sink.</summary>
public sealed record StudyResult<T>(OpenBenchmark? Benchmark, T Result, string Table, ExperimentOutcome Outcome)
{
    internal static async Task<StudyResult<T>> CompleteAsync(IResultSink sink, OpenBenchmark benchmark, T result, string table, IReadOnlyList<string> notes)
    {
        var outcome = ExperimentOutcome.Succeeded(notes);
        await sink.CompleteAsync(outcome, CancellationToken.None).ConfigureAwait(false);
        return new StudyResult<T>(benchmark, result, table, outcome);
    }
}
