using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using NasBench.Core.Progress;
using NasBench.Core.Search;

namespace NasBench.TestSupport;

/// <summary>
/// A sink that keeps everything in memory, with the natural keys every sink honours (a point, epoch, cell or artifact
/// written twice is kept once). For tests that want a run's results as objects, and the reference behaviour other
/// sinks are checked against. Thread-safe. (Production code that needs a run's files in memory uses Core's
/// <see cref="ArtifactCollector"/>.)
/// </summary>
public sealed class MemorySink : IResultSink
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<(int Configuration, int Run, long Step), SearchPoint> _points = [];
    private readonly SortedDictionary<RunKey, SearchResult> _runs = new(Comparer<RunKey>.Create((a, b) => (a.Configuration, a.Run).CompareTo((b.Configuration, b.Run))));
    private readonly SortedDictionary<(int Training, int Epoch), TrainingEpoch> _epochs = [];
    private readonly SortedDictionary<(int Training, int Step), TrainingStep> _steps = [];
    private readonly SortedDictionary<int, TrainedCell> _cells = [];
    private readonly Dictionary<string, Artifact> _artifacts = new(StringComparer.Ordinal);
    private readonly List<Figure> _figures = [];

    /// <summary>Every search point received, in order.</summary>
    public IReadOnlyList<SearchPoint> Points => Locked(() => _points.Values.ToList());

    /// <summary>The completed search runs by (algorithm, run).</summary>
    public IReadOnlyDictionary<RunKey, SearchResult> Runs => Locked(() => new Dictionary<RunKey, SearchResult>(_runs));

    /// <summary>The training epochs received (validation and test accuracy per epoch).</summary>
    public IReadOnlyList<TrainingEpoch> Epochs => Locked(() => _epochs.Values.ToList());

    /// <summary>The training steps received (loss per batch).</summary>
    public IReadOnlyList<TrainingStep> Steps => Locked(() => _steps.Values.ToList());

    /// <summary>The trained cells of a transfer study.</summary>
    public IReadOnlyList<TrainedCell> Cells => Locked(() => _cells.Values.ToList());

    /// <summary>The artifacts by file name.</summary>
    public IReadOnlyDictionary<string, Artifact> Artifacts => Locked(() => new Dictionary<string, Artifact>(_artifacts));

    /// <summary>The figures, as data.</summary>
    public IReadOnlyList<Figure> Figures => Locked(() => _figures.ToList());

    /// <summary>The outcome, once <see cref="CompleteAsync"/> was called.</summary>
    public ExperimentOutcome? Outcome { get; private set; }

    /// <inheritdoc/>
    public ValueTask AddSearchPointsAsync(RunKey run, string algorithm, IReadOnlyList<SearchProgress> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        lock (_gate)
        {
            foreach (var p in points)
            {
                _points.TryAdd((run.Configuration, run.Run, p.Step), new SearchPoint(run, algorithm, p));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CompleteSearchRunAsync(RunKey run, SearchResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            _runs.TryAdd(run, result);
        }

        return AddSearchPointsAsync(run, result.Algorithm, result.Trajectory, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask AddTrainingStepsAsync(IReadOnlyList<TrainingStep> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        lock (_gate)
        {
            foreach (var s in steps)
            {
                _steps.TryAdd((s.Training, ((s.Epoch - 1) * s.StepsPerEpoch) + s.Step), s);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask AddEpochAsync(TrainingEpoch epoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        lock (_gate)
        {
            _epochs.TryAdd((epoch.Training, epoch.Epoch), epoch);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask AddTrainedCellAsync(TrainedCell cell, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cell);
        lock (_gate)
        {
            _cells.TryAdd(cell.Index, cell);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<TrainedCell>> ReadTrainedCellsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<TrainedCell>>(Cells);

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
    public ValueTask<Artifact?> ReadArtifactAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Locked(() => _artifacts.GetValueOrDefault(name)));

    /// <inheritdoc/>
    public ValueTask AddFigureAsync(Figure figure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(figure);
        lock (_gate)
        {
            _figures.RemoveAll(f => f.Name == figure.Name);
            _figures.Add(figure);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(ExperimentOutcome outcome, CancellationToken cancellationToken)
    {
        Outcome = outcome;
        return ValueTask.CompletedTask;
    }

    /// <summary>An artifact's text (UTF-8).</summary>
    public string Text(string name) => System.Text.Encoding.UTF8.GetString(Artifacts[name].Content.Span);

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }
}
