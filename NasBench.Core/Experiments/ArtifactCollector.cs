using NasBench.Core.Presentation;
using NasBench.Core.Progress;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments;

/// <summary>
/// A sink that keeps a run's files and figures in memory and drops its rows (search points, epochs, steps, trained
/// cells), for a caller that wants what a run writes as objects rather than as a folder: <c>nasbench train</c> without
/// <c>--out</c> prints the result.json it holds, the lab's correlation table draws the figure the study made. An artifact
/// or figure written twice is kept once (the last); <see cref="ReadTrainedCellsAsync"/> answers none, so it does not
/// suit a study that resumes from its cells. Thread-safe.
/// </summary>
public sealed class ArtifactCollector : IResultSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Artifact> _artifacts = new(StringComparer.Ordinal);
    private readonly List<Figure> _figures = [];

    /// <summary>The artifacts by file name.</summary>
    public IReadOnlyDictionary<string, Artifact> Artifacts
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, Artifact>(_artifacts, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The figures, as data, in the order they were first written.</summary>
    public IReadOnlyList<Figure> Figures
    {
        get
        {
            lock (_gate)
            {
                return [.. _figures];
            }
        }
    }

    /// <summary>The outcome, once <see cref="CompleteAsync"/> was called.</summary>
    public ExperimentOutcome? Outcome { get; private set; }

    /// <summary>An artifact's text (UTF-8); throws <see cref="KeyNotFoundException"/> naming the file when the run wrote none.</summary>
    public string Text(string name) =>
        Artifacts.TryGetValue(name, out var artifact)
            ? System.Text.Encoding.UTF8.GetString(artifact.Content.Span)
            : throw new KeyNotFoundException($"The run wrote no {name}.");

    /// <inheritdoc/>
    public ValueTask AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        lock (_gate)
        {
            _artifacts[artifact.Name] = artifact;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<Artifact?> ReadArtifactAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_artifacts.GetValueOrDefault(name));
        }
    }

    /// <inheritdoc/>
    public ValueTask AddFigureAsync(Figure figure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(figure);
        lock (_gate)
        {
            int at = _figures.FindIndex(f => f.Name == figure.Name);
            if (at >= 0)
            {
                _figures[at] = figure;
            }
            else
            {
                _figures.Add(figure);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(ExperimentOutcome outcome, CancellationToken cancellationToken)
    {
        Outcome = outcome;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask AddSearchPointsAsync(RunKey run, string algorithm, IReadOnlyList<SearchProgress> points, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask CompleteSearchRunAsync(RunKey run, SearchResult result, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask AddTrainingStepsAsync(IReadOnlyList<TrainingStep> steps, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask AddEpochAsync(TrainingEpoch epoch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask AddTrainedCellAsync(TrainedCell cell, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<TrainedCell>> ReadTrainedCellsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<TrainedCell>>([]);
}
