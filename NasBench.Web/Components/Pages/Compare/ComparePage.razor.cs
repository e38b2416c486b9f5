using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using NasBench.Core.Search;
using NasBench.Core.Statistics;
using NasBench.Web.Account;
using NasBench.Web.Apis;
using NasBench.Web.Components.Shared;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using NasBench.Web.Live;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor;

namespace NasBench.Web.Components.Pages.Compare;

/// <summary>Searches or trainings side by side: curves with 95 % CI bands, and per budget the summary and pairwise tests (Core's SearchAggregation, SampleSummary, PairwiseComparison).</summary>
public sealed partial class ComparePage
{
#pragma warning disable BL0005
    private static IReadOnlyList<string> Palette => NasBench.Core.Presentation.Palette.Hex; // one palette, Core's, as in the PNG files
    private sealed record Curve(string Label, StoredAlgorithm Algorithm);

    /// <summary>Experiments on one chart; each brings all of its algorithms (a 150-query preset has 11).</summary>
    private const int MaxExperiments = 8;

    /// <summary>Curves on one chart: every colour solid, dashed and dotted once (Palette.LineOf), no two alike.</summary>
    private const int MaxCurves = 24;
    private List<Experiment> _candidates = [];
    private HashSet<long> _ids = [];
    private List<Curve> _curves = [];
    private List<double> _budgets = [];
    private string? _message;
    private string? _dropped;
    private Config _config = ChartConfig.Create("compare");
    private List<long> _trainingIds = [];
    private Plotly.Blazor.Layout _layout = new();
    private IList<ITrace> _data = new List<ITrace>();

    [SupplyParameterFromQuery(Name = "ids")] public string[]? Ids { get; set; }
    [SupplyParameterFromQuery] public string? Axis { get; set; }
    [SupplyParameterFromQuery(Name = "y")] public string? Y { get; set; }
    [SupplyParameterFromQuery] public bool LogX { get; set; }
    [SupplyParameterFromQuery] public bool LogY { get; set; }
    [SupplyParameterFromQuery(Name = "xscale")] public string? XScale { get; set; }
    [SupplyParameterFromQuery(Name = "yscale")] public string? YScale { get; set; }

    // The experiment page's axes by default: log x; log y for regret, linear for accuracy (logx/logy=true still honoured).
    private bool LogXAxis => XScale != "linear" || LogX;
    private bool LogYAxis => YScale is null ? LogY || Y == "regret" : YScale == "log";
    [SupplyParameterFromQuery] public string? Budgets { get; set; }

    private AggregateAxis AxisValue => Axis == "simulated" ? AggregateAxis.SimulatedSeconds : AggregateAxis.Queries;

    protected override async Task OnParametersSetAsync()
    {
        _candidates = await Picks.NewestAsync(CompareQueries.Kinds, succeededOnly: true, 100);
        _ids = [.. (Ids ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => long.TryParse(s, out long v) ? v : -1).Where(v => v > 0).Distinct()];
        var selection = await Queries.SelectAsync([.. _ids.Take(MaxExperiments)]);
        _trainingIds = [.. selection.TrainingIds];
        _curves = [.. selection.Algorithms.Select(a => new Curve($"#{a.ExperimentId} {a.Algorithm}", a))];
        var dropped = selection.Dropped;
        _dropped = dropped.Count == 0 ? null
            : $"Left out (not a search, comparison or training with results): {string.Join(", ", dropped.Select(d => "#" + d.ToString(CultureInfo.InvariantCulture)))}.";
        _message = (_ids.Count, _curves.Count) switch
        {
            ( > MaxExperiments, _) => $"Pick at most {MaxExperiments} experiments; the first {MaxExperiments} are shown.",
            (_, > MaxCurves) => $"{_curves.Count} curves: the first {MaxCurves} are shown.",
            ( > 0, _) when _curves.Count < 2 && _trainingIds.Count < 2 => "Pick at least two searches or comparisons, or two trainings, that have results.",
            _ => null,
        };
        _curves = [.. _curves.Take(MaxCurves)];
        if (_curves.Count >= 2)
        {
            Build();
        }
    }

    private void Build()
    {
        var series = _curves.Select(c => SearchAggregation.Aggregate(c.Algorithm.Runs, AxisValue, 120)).ToList();
        double common = series.Min(s => s.Points[^1].X);
        _budgets = [.. (Budgets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, CultureInfo.InvariantCulture, out double v) ? v : double.NaN).Where(v => v > 0).Take(6)];
        if (_budgets.Count == 0)
        {
            _budgets = [Math.Max(1, Math.Round(common / 10)), common];
        }

        bool regret = Y == "regret";
        _data = new List<ITrace>();
        for (int i = 0; i < series.Count; i++)
        {
            string color = Palette[i % Palette.Count];
            var points = SearchAggregation.Drawn(series[i]);
            var xs = points.Select(p => (object)p.X).ToList();
            SummaryStatistics S(AggregatePoint p) => regret ? p.TestRegret : p.TestAccuracy;
            _data.Add(new Scatter { Name = _curves[i].Label + " CI low", X = xs, Y = points.Select(p => (object)Band(S(p).CiLow, S(p).Mean, regret)).ToList(), Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Width = 0, Color = color }, ShowLegend = false, HoverInfo = Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Skip });
            _data.Add(new Scatter { Name = _curves[i].Label + " 95 % CI", X = xs, Y = points.Select(p => (object)Band(S(p).CiHigh, S(p).Mean, regret)).ToList(), Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Width = 0, Color = color }, Fill = Plotly.Blazor.Traces.ScatterLib.FillEnum.ToNextY, FillColor = color + "33", ShowLegend = false });
            _data.Add(new Scatter { Name = _curves[i].Label, X = xs, Y = points.Select(p => (object)S(p).Mean).ToList(), Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Width = 2, Color = color, Dash = NasBench.Web.Components.Shared.SearchChartModel.Dash(i) } });
        }

        _layout = new Plotly.Blazor.Layout
        {
            Height = 460,
            Margin = new Margin { L = 60, R = 20, T = 30, B = 50 },
            XAxis = [new XAxis { Type = LogXAxis ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Linear,
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = Axis == "simulated" ? "simulated training seconds" : "queries" } }],
            YAxis = [new YAxis { ExponentFormat = Plotly.Blazor.LayoutLib.YAxisLib.ExponentFormatEnum.Power, Type = LogYAxis ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = regret ? "test regret (mean, 95 % CI)" : "best-so-far mean test accuracy (mean, 95 % CI)" } }],
            ShowLegend = true,
        };
    }

    // One row per curve (n, mean, CI, median), then one per pair (U, p, Holm p, Cliff's delta and its CI).
    private PaperTable CompareTable(double budget, IReadOnlyList<(string Label, double[] Values)> stats, IReadOnlyList<PairComparison> pairs)
    {
        var rows = stats.Select(s => { var m = SampleSummary.Of(s.Values); return new PaperRow(s.Label, [m.N, m.Mean, m.CiLow, m.CiHigh, m.Median, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN]); })
            .Concat(pairs.Select(p => new PaperRow($"{p.First} vs {p.Second}", [double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, p.P, p.HolmP, p.Effect.Delta, p.Effect.CiLow, p.Effect.CiHigh])))
            .ToList();
        string what = Y == "regret" ? "test regret" : "mean test accuracy";
        return new PaperTable($"{what} at {Num(budget)} {(Axis == "simulated" ? "simulated seconds" : "queries")}: curves (n, mean, 95 % CI, median) and pairs (Mann–Whitney p, Holm-adjusted p, Cliff's δ and its bootstrap 95 % CI)",
            ["curve or pair", "n", "mean", "CI low", "CI high", "median", "p", "p (Holm)", "Cliff's δ", "δ CI low", "δ CI high"], rows);
    }

    private static string DataUri(string type, string text) => $"data:{type};charset=utf-8;base64,{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text))}";

    private static double Finite(double v, double fallback) => double.IsFinite(v) ? v : fallback;

    /// <summary>A 95 % CI bound as the band draws it: the mean where it is undefined (n &lt; 2), and inside the quantity's
    /// range (an accuracy in [0, 1], a regret ≥ 0). The t interval of 2 runs is wide: it went above an accuracy of 1 on the
    /// chart. The table below the chart keeps the interval as computed.</summary>
    internal static double Band(double bound, double mean, bool regret) =>
        regret ? Math.Max(0, Finite(bound, mean)) : Math.Clamp(Finite(bound, mean), 0, 1);

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Val(double v) => Numbers.Format(v);

    private static string Val(double v, int decimals) => double.IsFinite(v) ? v.ToString("F" + decimals, CultureInfo.InvariantCulture) : "—";
}
