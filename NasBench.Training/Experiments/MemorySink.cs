using NasBench.Core.Experiments;
using NasBench.Core.Search;

namespace NasBench.Training.Experiments;

/// <summary>
/// A sink that keeps everything in memory: the CLI's <c>train</c> without an output folder (it prints result.json),
/// hosts that forward results elsewhere, and tests that look at what a runner wrote.
/// </summary>
public sealed class MemorySink : IResultSink
{
    private readonly Lock _gate = new();
    private readonly List<TrainingStep> _steps = [];
    private readonly List<TrainingEpoch> _epochs = [];
    private readonly SortedDictionary<int, TrainedCell> _cells = [];
    private readonly Dictionary<string, Artifact> _artifacts = new(StringComparer.Ordinal);
    private readonly List<Figure> _figures = [];

    /// <summary>Cells already trained, as a resumed transfer study finds them.</summary>
    public MemorySink(IEnumerable<TrainedCell>? trainedCells = null)
    {
        foreach (var cell in trainedCells ?? [])
        {
            _cells[cell.Index] = cell;
        }
    }

    public IReadOnlyList<TrainingStep> Steps => Locked(() => (IReadOnlyList<TrainingStep>)[.. _steps]);

    public IReadOnlyList<TrainingEpoch> Epochs => Locked(() => (IReadOnlyList<TrainingEpoch>)[.. _epochs]);

    public IReadOnlyList<TrainedCell> Cells => Locked(() => (IReadOnlyList<TrainedCell>)[.. _cells.Values]);

    public IReadOnlyDictionary<string, Artifact> Artifacts => Locked(() => (IReadOnlyDictionary<string, Artifact>)new Dictionary<string, Artifact>(_artifacts));

    public IReadOnlyList<Figure> Figures => Locked(() => (IReadOnlyList<Figure>)[.. _figures]);

    /// <summary>The outcome given to <see cref="CompleteAsync"/>, once completed.</summary>
    public ExperimentOutcome? Outcome { get; private set; }

    /// <summary>An artifact's text (UTF-8), or null when there is none of that name.</summary>
    public string? Text(string name) => Artifacts.TryGetValue(name, out var a) ? System.Text.Encoding.UTF8.GetString(a.Content.Span) : null;

    public ValueTask AddSearchPointsAsync(RunKey run, string algorithm, IReadOnlyList<SearchProgress> points, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CompleteSearchRunAsync(RunKey run, SearchResult result, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask AddTrainingStepsAsync(IReadOnlyList<TrainingStep> steps, CancellationToken cancellationToken) => Do(() => _steps.AddRange(steps));

    public ValueTask AddEpochAsync(TrainingEpoch epoch, CancellationToken cancellationToken) =>
        Do(() =>
        {
            // The natural key (training, epoch): a re-run writes nothing twice.
            _epochs.RemoveAll(e => e.Training == epoch.Training && e.Epoch == epoch.Epoch);
            _epochs.Add(epoch);
        });

    public ValueTask AddTrainedCellAsync(TrainedCell cell, CancellationToken cancellationToken) => Do(() => _cells.TryAdd(cell.Index, cell));

    public ValueTask<IReadOnlyList<TrainedCell>> ReadTrainedCellsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Cells);

    public ValueTask AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken) => Do(() => _artifacts[artifact.Name] = artifact);

    public ValueTask AddFigureAsync(Figure figure, CancellationToken cancellationToken) => Do(() => _figures.Add(figure));

    public ValueTask CompleteAsync(ExperimentOutcome outcome, CancellationToken cancellationToken)
    {
        Outcome = outcome;
        return ValueTask.CompletedTask;
    }

    private ValueTask Do(Action action)
    {
        lock (_gate)
        {
            action();
        }

        return ValueTask.CompletedTask;
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }
}
