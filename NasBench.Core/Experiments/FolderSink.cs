using System.Globalization;
using NasBench.Core.Presentation;
using NasBench.Core.Progress;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments;

/// <summary>
/// The CLI's sink: every artifact becomes a file of the folder (written to a temporary name, then renamed), every
/// figure is drawn by the renderer into its PNG and SVG, and trained cells of a transfer study are appended to
/// cells.csv as they finish (read back to resume). Search points and training steps are not kept here: the runner
/// writes them as artifacts at the end.
/// </summary>
public sealed class FolderSink : IResultSink
{
    /// <summary>The resumable per-cell file of a transfer study.</summary>
    public const string TrainedCellsFile = "cells.csv";

    private static readonly string[] CellColumns =
        ["index", "hash", "adjacency", "operations", "trainable_parameters", "train_accuracy", "validation_accuracy", "test_accuracy", "seconds"];

    private readonly IFigureRenderer? _renderer;
    private readonly List<string> _written = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// Writes into <paramref name="directory"/> (created); figures are drawn by <paramref name="renderer"/>, or skipped when it is null.
    /// </summary>
    public FolderSink(string directory, IFigureRenderer? renderer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
        _renderer = renderer;
    }

    /// <summary>The output folder (the CLI's <c>--out</c>).</summary>
    public string Directory { get; }

    /// <summary>The paths written so far, in order.</summary>
    public IReadOnlyList<string> Written
    {
        get
        {
            lock (_gate)
            {
                return [.. _written];
            }
        }
    }

    /// <summary>The outcome given to <see cref="CompleteAsync"/>, once completed.</summary>
    public ExperimentOutcome? Outcome { get; private set; }

    /// <inheritdoc/>
    public ValueTask AddSearchPointsAsync(RunKey run, string algorithm, IReadOnlyList<SearchProgress> points, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask CompleteSearchRunAsync(RunKey run, SearchResult result, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask AddTrainingStepsAsync(IReadOnlyList<TrainingStep> steps, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask AddEpochAsync(TrainingEpoch epoch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask AddTrainedCellAsync(TrainedCell cell, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var done = ReadCells();
        if (done.Any(c => c.Index == cell.Index))
        {
            return ValueTask.CompletedTask;
        }

        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, TrainedCellsFile);
        bool header = !File.Exists(path) || new FileInfo(path).Length == 0;
        using (var writer = new StreamWriter(path, append: true))
        {
            var csv = new CsvWriter(writer);
            if (header)
            {
                csv.WriteRow(CellColumns);
            }

            csv.WriteRow(
            [
                Inv(cell.Index), cell.Hash, cell.Adjacency, cell.Operations, Inv(cell.TrainableParameters), Inv(cell.TrainAccuracy),
                cell.ValidationAccuracy is { } v ? Inv(v) : string.Empty, Inv(cell.TestAccuracy), Inv(cell.Seconds),
            ]);
        }

        Remember(path);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<TrainedCell>> ReadTrainedCellsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadCells());

    /// <inheritdoc/>
    public async ValueTask AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact.Name.IndexOfAny(['/', '\\']) >= 0 || artifact.Name is "." or "..")
        {
            throw new ArgumentException($"Artifact names are plain file names (got '{artifact.Name}').", nameof(artifact));
        }

        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, artifact.Name);
        string temporary = path + ".part";
        await File.WriteAllBytesAsync(temporary, artifact.Content, CancellationToken.None).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        Remember(path);
    }

    /// <inheritdoc/>
    public async ValueTask<Artifact?> ReadArtifactAsync(string name, CancellationToken cancellationToken)
    {
        string path = Path.Combine(Directory, Path.GetFileName(name));
        return File.Exists(path) ? new Artifact(Path.GetFileName(name), Artifact.ContentTypeOf(name), await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)) : null;
    }

    /// <inheritdoc/>
    public async ValueTask AddFigureAsync(Figure figure, CancellationToken cancellationToken)
    {
        if (_renderer is null)
        {
            return;
        }

        foreach (var file in _renderer.Render(figure))
        {
            await AddArtifactAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(ExperimentOutcome outcome, CancellationToken cancellationToken)
    {
        Outcome = outcome;
        return ValueTask.CompletedTask;
    }

    private IReadOnlyList<TrainedCell> ReadCells()
    {
        string path = Path.Combine(Directory, TrainedCellsFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var cells = new List<TrainedCell>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            if (line++ == 0 || text.Length == 0)
            {
                continue;
            }

            var f = CsvLine.Split(text);
            if (f.Length != CellColumns.Length)
            {
                throw new InvalidDataException($"{path}:{line}: expected {CellColumns.Length} columns ({string.Join(',', CellColumns)}), got {f.Length}.");
            }

            try
            {
                cells.Add(new TrainedCell(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2], f[3], long.Parse(f[4], CultureInfo.InvariantCulture),
                    Num(f[5]), f[6].Length == 0 ? null : Num(f[6]), Num(f[7]), Num(f[8])));
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"{path}:{line}: a number column is not a number.");
            }
        }

        return [.. cells.OrderBy(c => c.Index)];
    }

    private void Remember(string path)
    {
        lock (_gate)
        {
            if (!_written.Contains(path))
            {
                _written.Add(path);
            }
        }
    }

    private static double Num(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Inv(IFormattable value) => value.ToString(value is double ? "R" : null, CultureInfo.InvariantCulture);
}
