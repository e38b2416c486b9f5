using NasBench.Core.Presentation;
using NasBench.Core.Progress;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments;

/// <summary>
/// Where a runner puts what it produces, as it produces it. Every write has a natural key ((run, step),
/// (training, epoch), (study, cell index), artifact name), so a re-run after a crash writes nothing twice: a sink
/// ignores (or overwrites with the same value) what it already holds. The CLI's sink writes the files of a folder
/// (<see cref="FolderSink"/>); the lab server's writes database rows and the same files.
/// </summary>
public interface IResultSink
{
    /// <summary>New points of one search run (incumbent changes and the final step), in step order.</summary>
    ValueTask AddSearchPointsAsync(RunKey run, string algorithm, IReadOnlyList<SearchProgress> points, CancellationToken cancellationToken);

    /// <summary>A finished search run (its whole trajectory, the points already streamed included).</summary>
    ValueTask CompleteSearchRunAsync(RunKey run, SearchResult result, CancellationToken cancellationToken);

    /// <summary>Optimizer steps of a training, downsampled by the runner (at most a few thousand per training).</summary>
    ValueTask AddTrainingStepsAsync(IReadOnlyList<TrainingStep> steps, CancellationToken cancellationToken);

    /// <summary>A finished epoch of a training.</summary>
    ValueTask AddEpochAsync(TrainingEpoch epoch, CancellationToken cancellationToken);

    /// <summary>A trained cell of a transfer study (key: its index in the study's sample).</summary>
    ValueTask AddTrainedCellAsync(TrainedCell cell, CancellationToken cancellationToken);

    /// <summary>The cells of the study already trained (what a resumed transfer study skips), in index order.</summary>
    ValueTask<IReadOnlyList<TrainedCell>> ReadTrainedCellsAsync(CancellationToken cancellationToken);

    /// <summary>A file of the experiment (CSV, JSON, text): the same bytes the CLI writes under the same name.</summary>
    ValueTask AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken);

    /// <summary>A file the sink already holds (what a resumed proxies run or advisor skips), or null; sinks that keep no files answer null.</summary>
    ValueTask<Artifact?> ReadArtifactAsync(string name, CancellationToken cancellationToken) => ValueTask.FromResult<Artifact?>(null);

    /// <summary>A figure as data; file sinks draw it (PNG and SVG), pages draw the same series with Plotly.</summary>
    ValueTask AddFigureAsync(Figure figure, CancellationToken cancellationToken);

    /// <summary>A batch of writes ends (a search runner calls it after each drain of its live queues): a sink that buffers
    /// rows writes them now, in one transaction, rather than once per call. Sinks that write at once do nothing.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>The end: succeeded, or cancelled with what was done so far (marked partial), with the runner's notes.</summary>
    ValueTask CompleteAsync(ExperimentOutcome outcome, CancellationToken cancellationToken);
}

/// <summary>A file an experiment writes.</summary>
/// <param name="Name">File name (no folders): trajectories.csv, result.json, table.csv, …</param>
/// <param name="ContentType">MIME type: text/csv, application/json, text/plain, image/png, image/svg+xml, application/pdf.</param>
/// <param name="Content">The bytes.</param>
public sealed record Artifact(string Name, string ContentType, ReadOnlyMemory<byte> Content)
{
    /// <summary>A UTF-8 text file; the content type follows the extension.</summary>
    public static Artifact Text(string name, string text) =>
        new(name, ContentTypeOf(name), System.Text.Encoding.UTF8.GetBytes(text ?? string.Empty));

    /// <summary>
    /// The MIME type a file of this name is served as (csv, json, png, svg, pdf, tsv; otherwise text/plain).
    /// </summary>
    public static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".csv" => "text/csv",
        ".json" => "application/json",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".pdf" => "application/pdf",
        ".tsv" => "text/tab-separated-values",
        _ => "text/plain",
    };
}

/// <summary>One trained cell of a transfer study.</summary>
/// <param name="Index">Position in the study's deterministic sample (the natural key).</param>
/// <param name="Hash">The cell's module hash.</param>
/// <param name="Adjacency">Its module adjacency as the dataset writes it (row-major bits).</param>
/// <param name="Operations">Its operations, comma-separated.</param>
/// <param name="TrainableParameters">Parameters of the trained network.</param>
/// <param name="TrainAccuracy">Final train accuracy.</param>
/// <param name="ValidationAccuracy">Final validation accuracy, when the dataset has a validation split.</param>
/// <param name="TestAccuracy">Final test accuracy.</param>
/// <param name="Seconds">Wall-clock training time.</param>
public sealed record TrainedCell(int Index, string Hash, string Adjacency, string Operations, long TrainableParameters,
    double TrainAccuracy, double? ValidationAccuracy, double TestAccuracy, double Seconds);

/// <summary>How an experiment ended.</summary>
public enum ExperimentStatus
{
    /// <summary>Every run finished.</summary>
    Succeeded,
    /// <summary>Stopped by its token; the sink holds what was done, marked partial.</summary>
    Cancelled,
    /// <summary>Stopped by an error.</summary>
    Failed,
}

/// <summary>The end of a run: its status, whether its results are partial, and the notes people must read
/// (the benchmark is SYNTHETIC; the store holds part of the space so samplers were restricted; …).</summary>
public sealed record ExperimentOutcome(ExperimentStatus Status, bool Partial, IReadOnlyList<string> Notes, string? Error = null)
{
    /// <summary>A complete run, with its notes (synthetic data, partial store).</summary>
    public static ExperimentOutcome Succeeded(IReadOnlyList<string> notes) => new(ExperimentStatus.Succeeded, false, notes);

    /// <summary>A cancelled run: partial results, with its notes.</summary>
    public static ExperimentOutcome Cancelled(IReadOnlyList<string> notes) => new(ExperimentStatus.Cancelled, true, notes);
}
