using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;
using NasBench.Core.Studies.Advisor;
using NasBench.Training.Proxies;

namespace NasBench.Training.Advisor;

/// <summary>The advisor's candidate pool once scored: each cell's spec, how it came in, its CIFAR-10 accuracy and its proxy scores.</summary>
public sealed class AdvisorPool
{
    private readonly IReadOnlyList<ListedCell> _cells;
    private readonly IReadOnlyList<ProxyRow> _rows;
    private readonly Dictionary<string, int> _positions;
    private readonly AdviseRequest _request;

    /// <summary>The pool of <paramref name="request"/>: <paramref name="cells"/> with their <paramref name="sources"/> and scores (<paramref name="rows"/>, same order).</summary>
    public AdvisorPool(AdviseRequest request, IReadOnlyList<ListedCell> cells, IReadOnlyList<PoolSource> sources, IReadOnlyList<ProxyRow> rows)
    {
        _request = request ?? throw new ArgumentNullException(nameof(request));
        _cells = cells ?? throw new ArgumentNullException(nameof(cells));
        _rows = rows ?? throw new ArgumentNullException(nameof(rows));
        Sources = sources ?? throw new ArgumentNullException(nameof(sources));
        _positions = cells.Select((c, i) => (c.Spec.Hash.ToString(), i)).ToDictionary(p => p.Item1, p => p.i, StringComparer.Ordinal);
        Reference = [.. cells.Select(c => c.Values.TryGetValue(request.Reference, out double v) ? v : double.NaN)];
    }

    /// <summary>Cells in the pool.</summary>
    public int Count => _cells.Count;

    /// <summary>How each cell came in.</summary>
    public IReadOnlyList<PoolSource> Sources { get; }

    /// <summary>Each cell's CIFAR-10 accuracy (the pool's reference).</summary>
    public IReadOnlyList<double> Reference { get; }

    /// <summary>The proxies scored, in canonical order.</summary>
    public IReadOnlyList<string> Proxies => _request.ProxyList;

    /// <summary>One proxy's score of every cell.</summary>
    public IReadOnlyList<double> Scores(string proxy) => [.. _rows.Select(r => r.Scores[proxy])];

    /// <summary>The cell at <paramref name="position"/>.</summary>
    public ModelSpec Spec(int position) => _cells[position].Spec;

    /// <summary>Its hash.</summary>
    public string Hash(int position) => _cells[position].Spec.Hash.ToString();

    /// <summary>The position of the cell with this hash, or −1.</summary>
    public int PositionOf(string hash) => _positions.GetValueOrDefault(hash, -1);

    /// <summary>The fit over the span picks' short trainings (only those: a rerun with the check cells trained fits the same).</summary>
    public AdvisorResult Fit(IReadOnlyList<int> picks, IReadOnlyDictionary<string, TrainedCell> trained, int recommend, int bootstrap)
    {
        ArgumentNullException.ThrowIfNull(picks);
        ArgumentNullException.ThrowIfNull(trained);
        var predictors = new List<(string, IReadOnlyList<double>)> { ("cifar10", Reference) };
        predictors.AddRange(Proxies.Select(p => (p, Scores(p))));
        return AdvisorFit.Fit(predictors, [.. picks.Select(p => (p, trained[Hash(p)].TestAccuracy))], recommend, bootstrap, _request.Seed);
    }

    /// <summary>The check's cells: the top <paramref name="k"/> recommended, and <paramref name="k"/> random cells of the uniform
    /// sample that are not recommended (SeedStreams(seed, 1, CellSampling)); fewer when the sample is short.</summary>
    public (IReadOnlyList<int> Recommended, IReadOnlyList<int> Random) CheckCells(AdvisorResult fit, int k)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var recommended = fit.Recommended.Take(k).Select(x => x.Position).ToList();
        var others = Enumerable.Range(0, Count).Where(p => Sources[p] == PoolSource.Uniform && !recommended.Contains(p)).ToArray();
        SeedStreams.Create(_request.Seed, 1, StreamPurpose.CellSampling).Shuffle(others);
        return (recommended, others.Take(k).ToList());
    }
}
