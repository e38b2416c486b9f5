using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Web.Data;
using NasBench.Web.Live;
using NasBench.Web.Services;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace NasBench.Web.Components.Shared;

/// <summary>What one live update sends to search-chart.js: new points of drawn runs (by trace index), new runs' traces
/// (inserted at <paramref name="At"/>, after the drawn runs and before the means), then the touched algorithms' mean and band
/// (by their index once the new runs are in).</summary>
public sealed record SearchChartUpdate(List<IEnumerable<object>> Xs, List<IEnumerable<object>> Ys, List<int> Indices, object[] Replaced, List<object> Added, int At);

/// <summary>
/// The data behind <see cref="SearchChart"/>: the first <see cref="SearchFigures.ThinRunsDrawn"/> runs of each algorithm
/// as thin traces (as the per-run figure files draw them) plus, per algorithm, the mean and the 25–75 % band over all its
/// runs (<see cref="SearchCurves"/>, Core's SearchAggregation on its common grid), and what a live update adds.
/// Trace order, which is drawing order: one trace per drawn run, in the order first seen; then per algorithm c, band at
/// R + 2c and mean at R + 2c + 1 (R drawn runs), so every mean is drawn over every thin line.
/// </summary>
/// <remarks>Before, every run got a trace, drawn over the means: the Fig. 7 preset's 7 × 500 runs sent 3,500 traces to the
/// browser and hid the seven means under them.</remarks>
public sealed class SearchChartModel(ExperimentRequest request)
{
    private static IReadOnlyList<string> Palette => NasBench.Core.Presentation.Palette.Hex; // one palette, Core's, as in the PNG files
    private readonly Dictionary<(int Configuration, int Run), int> _traces = [];
    private readonly Dictionary<(int Configuration, int Run), int> _drawn = [];
    private readonly SearchCurves _curves = new(request);

    /// <summary>"accuracy" (best-so-far mean test accuracy) or "regret" (test regret).</summary>
    public string Y { get; set; } = "accuracy";

    /// <summary>"queries" or "simulated" (simulated training seconds).</summary>
    public string X { get; set; } = "queries";

    /// <summary>The traces as the browser has them.</summary>
    public IList<ITrace> Data { get; private set; } = new List<ITrace>();

    /// <summary>The algorithm of each configuration, in the request's order.</summary>
    public IReadOnlyList<string> Algorithms => _curves.Algorithms;

    /// <summary>Runs with rows (each in its algorithm's mean and band).</summary>
    public int Runs => _curves.Runs;

    /// <summary>Runs drawn as thin traces (at most <see cref="SearchFigures.ThinRunsDrawn"/> of each algorithm).</summary>
    public int RunsDrawn => _traces.Count;

    /// <summary>Points of the thin traces (after downsampling).</summary>
    public int Points { get; private set; }

    /// <summary>Stored rows read (every run's, drawn thin or not: the means and bands are over all of them).</summary>
    public long Rows { get; private set; }

    /// <summary>The id of the last stored row read: the next read starts after it.</summary>
    public long LastId { get; private set; }

    /// <summary>The colour of configuration <paramref name="c"/>.</summary>
    public static string Color(int c) => Palette[c % Palette.Count];

    /// <summary>Plotly's dash of series <paramref name="c"/>'s mean line: Core's <see cref="NasBench.Core.Presentation.Palette.LineOf"/>, as in the files.</summary>
    public static string Dash(int c) => NasBench.Core.Presentation.Palette.LineOf(c) switch
    {
        NasBench.Core.Presentation.LineStyle.Solid => "solid",
        NasBench.Core.Presentation.LineStyle.Dashed => "dash",
        _ => "dot",
    };

    public Plotly.Blazor.Layout Layout() => new()
    {
        Height = 440,
        Margin = new Margin { L = 70, R = 20, T = 20, B = 50 },
        XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log, Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = X == "queries" ? "queries" : "simulated training seconds" } }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = Y == "accuracy" ? "best-so-far test accuracy" : "test regret" },
            Type = Y == "regret" ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
            ExponentFormat = Plotly.Blazor.LayoutLib.YAxisLib.ExponentFormatEnum.Power }], // regret ticks 10⁻³, not Plotly's SI "1m"
        ShowLegend = false,
    };

    /// <summary>Draws everything again from a downsampled read (≤ 2,000 rows a run).</summary>
    public void Load(TrajectoryRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _traces.Clear();
        _drawn.Clear();
        _curves.Clear();
        Points = 0;
        Rows = read.Covered;
        Data = new List<ITrace>();
        foreach (var row in read.Rows)
        {
            _curves.Add(row);
        }

        foreach (var run in read.Rows.GroupBy(p => (p.Configuration, p.Run)))
        {
            if (!Thin(run.Key))
            {
                continue;
            }

            var list = run.ToList();
            var keep = SeriesDownsampler.Keep(list.Count);
            _traces[run.Key] = Data.Count;
            _drawn[run.Key] = keep.Count;
            Data.Add(NewTrace(run.Key, keep.Select(i => XOf(list[i])), keep.Select(i => YOf(list[i]))));
            Points += keep.Count;
        }

        for (int c = 0; c < _curves.Algorithms.Count; c++)
        {
            var (band, mean) = MeanAndBand(c);
            Data.Add(band);
            Data.Add(mean);
        }

        LastId = read.LastId;
    }

    /// <summary>Whether appending these rows would take a trace past 2,000 points (extendTraces would cut its start): then draw
    /// the downsampled series again instead.</summary>
    public bool Overflows(IReadOnlyList<TrajectoryPoint> rows) =>
        rows.GroupBy(p => (p.Configuration, p.Run)).Any(run => _drawn.GetValueOrDefault(run.Key) + run.Count() > SeriesDownsampler.MaxPointsPerTrace);

    /// <summary>Counts rows read after <see cref="LastId"/> without drawing them (a redraw follows).</summary>
    public void Skip(IReadOnlyList<TrajectoryPoint> rows)
    {
        LastId = rows[^1].Id;
        Rows += rows.Count;
    }

    /// <summary>Appends new rows: the server's copy of every trace grows too (a redraw draws what the browser has); only the
    /// algorithms with new rows get a new mean and band (one aggregation each).</summary>
    public SearchChartUpdate Extend(IReadOnlyList<TrajectoryPoint> rows)
    {
        Skip(rows);
        var update = new SearchChartUpdate([], [], [], [], [], _traces.Count);
        foreach (var row in rows)
        {
            _curves.Add(row);
        }

        foreach (var run in rows.GroupBy(p => (p.Configuration, p.Run)))
        {
            if (!Thin(run.Key))
            {
                continue;
            }

            object[] x = [.. run.Select(XOf)], y = [.. run.Select(YOf)];
            if (!_traces.TryGetValue(run.Key, out int index))
            {
                // Inserted after the drawn runs, before the bands and means (which move up by one).
                _traces[run.Key] = _traces.Count;
                var trace = NewTrace(run.Key, x, y);
                Data.Insert(_traces.Count - 1, trace);
                update.Added.Add(new { name = trace.Name, color = Color(run.Key.Configuration), x, y });
            }
            else
            {
                update.Xs.Add(x);
                update.Ys.Add(y);
                update.Indices.Add(index);
                var existing = (Scatter)Data[index];
                foreach (var (a, b) in x.Zip(y))
                {
                    existing.X.Add(a);
                    existing.Y.Add(b);
                }
            }

            Points += run.Count();
            _drawn[run.Key] = _drawn.GetValueOrDefault(run.Key) + run.Count();
        }

        int configurations = _curves.Algorithms.Count;
        var touched = rows.Select(r => r.Configuration).Distinct().Where(c => c < configurations).ToList();
        int first = _traces.Count;
        foreach (int c in touched)
        {
            (Data[first + (2 * c)], Data[first + (2 * c) + 1]) = MeanAndBand(c);
        }

        // ≤ 2 × 240 points each: only what changed crosses the circuit.
        return update with
        {
            Replaced = [.. touched.SelectMany(c => new[] { first + (2 * c), first + (2 * c) + 1 }).Select(i => new { index = i, x = ((Scatter)Data[i]).X, y = ((Scatter)Data[i]).Y })],
        };
    }

    /// <summary>Whether run <paramref name="key"/> is drawn as a thin trace: the first <see cref="SearchFigures.ThinRunsDrawn"/>
    /// runs (by run number) of each algorithm, as in the per-run figure files.</summary>
    private static bool Thin((int Configuration, int Run) key) => key.Run < SearchFigures.ThinRunsDrawn;

    private (Scatter Band, Scatter Mean) MeanAndBand(int c)
    {
        var (x, mean, p25, p75) = _curves.Aggregate(c, X == "simulated", Y == "regret");
        var band = new Scatter
        {
            Name = $"{_curves.Algorithms[c]} 25–75 %",
            Mode = ModeFlag.Lines,
            Fill = FillEnum.ToSelf,
            FillColor = Color(c) + "33",
            Line = new Line { Width = 0 },
            HoverInfo = HoverInfoFlag.Skip,
            X = [.. x.Concat(x.Reverse()).Select(Clamp(true))],
            Y = [.. p75.Concat(p25.Reverse()).Select(Clamp(Y == "regret"))],
        };
        var line = new Scatter
        {
            Name = $"{_curves.Algorithms[c]} mean",
            Mode = ModeFlag.Lines,
            Line = new Line { Width = 3, Color = Color(c), Dash = Dash(c), Shape = Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Hv },
            X = [.. x.Select(Clamp(true))],
            Y = [.. mean.Select(Clamp(Y == "regret"))],
        };
        return (band, line);
    }

    // Log axes: keep values above zero (a regret of 0, the best cell found, sits at the axis floor).
    private static Func<double, object> Clamp(bool log) => v => log ? Math.Max(v, 1e-6) : v;

    private Scatter NewTrace((int Configuration, int Run) key, IEnumerable<object> x, IEnumerable<object> y) => new()
    {
        Name = $"{(key.Configuration < _curves.Algorithms.Count ? _curves.Algorithms[key.Configuration] : "configuration " + key.Configuration)} run {key.Run}",
        ShowLegend = false,
        Mode = ModeFlag.Lines,
        Line = new Line { Width = 0.8m, Shape = Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Hv, Color = Color(key.Configuration) },
        Opacity = 0.35m,
        X = x.ToList(),
        Y = y.ToList(),
    };

    private object XOf(TrajectoryPoint p) => X == "queries" ? (object)Math.Max(1, p.Step) : Math.Max(1, p.SimulatedSeconds);

    private object YOf(TrajectoryPoint p) => Y == "accuracy" ? p.MeanTestAccuracy : Math.Max(1e-6, p.TestRegret);
}
