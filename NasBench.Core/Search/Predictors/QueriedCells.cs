using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>
/// What a predictor-guided search (BANANAS, NPENAS) has queried, in query order: each cell as drawn (mutations start from
/// it), pruned (what the predictor's encodings read) and its validation accuracy (the predictor's target).
/// </summary>
public sealed class QueriedCells
{
    private readonly List<CellKey> _raw = [];
    private readonly List<CellKey> _pruned = [];
    private readonly List<double> _accuracies = [];

    /// <summary>The cells as drawn.</summary>
    public IReadOnlyList<CellKey> Raw => _raw;

    /// <summary>The same cells pruned (<see cref="Pruned"/>).</summary>
    public IReadOnlyList<CellKey> PrunedCells => _pruned;

    /// <summary>Their validation accuracies, as the session returned them.</summary>
    public IReadOnlyList<double> Accuracies => _accuracies;

    /// <summary>Cells queried.</summary>
    public int Count => _raw.Count;

    /// <summary>Queries <paramref name="raw"/> (after a cancellation check) and records it.</summary>
    public double Query(SearchSession session, CellKey raw)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.ThrowIfCancellationRequested();
        double accuracy = session.Query(raw);
        _raw.Add(raw);
        _pruned.Add(Pruned(raw));
        _accuracies.Add(accuracy);
        return accuracy;
    }

    /// <summary>The cell with its unreachable vertices removed (<see cref="CellKey.Prune"/>).</summary>
    public static CellKey Pruned(CellKey raw)
    {
        raw.Prune(out var pruned);
        return pruned;
    }
}
