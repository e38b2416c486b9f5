using NasBench.Core.Options;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
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

namespace NasBench.Web.Components.Shared;

/// <summary>A transfer study's trained cells against the benchmark's accuracies of the same cells, live while it trains.</summary>
public sealed partial class TransferCells
{
#pragma warning disable BL0005 // Plotly.Blazor's way: set the chart's data, then React() (a few dozen points).
    private PlotlyChart? _chart;
    private Config _config = ChartConfig.Create("transfer");
    private Plotly.Blazor.Layout _layout = new()
    {
        Height = 360,
        Margin = new Margin { L = 70, R = 20, T = 20, B = 50 },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "NAS-Bench-101 CIFAR-10 mean test accuracy (108 epochs)" } }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "test accuracy on the new dataset" } }],
    };
    private IList<ITrace> _data = new List<ITrace>();
    private List<(TrainedCellRow Row, Dictionary<int, double> Benchmark)> _cells = [];
    private List<(int Epochs, CorrelationResult R)> _correlations = [];
    private string? _message;
    private IDisposable? _subscription;
    private LiveRefresh? _live;

    [Parameter, EditorRequired] public long ExperimentId { get; set; }

    /// <summary>The study's request, as its page parsed it (null when this server cannot read it: the default store).</summary>
    [Parameter] public NasBench.Training.Experiments.TransferRequest? Request { get; set; }

    protected override Task OnInitializedAsync() => LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _live = new LiveRefresh(() => InvokeAsync(RefreshAsync), TimeSpan.FromSeconds(1));
            _subscription = Notifier.Subscribe(ExperimentId, _live.SignalAsync);
        }
    }

    private async Task LoadAsync()
    {
        var rows = await Queries.TrainedCellsAsync(ExperimentId);
        if (rows.Count == _cells.Count)
        {
            return;
        }

        OpenBenchmark? open = null;
        try
        {
            open = await Benchmarks.OpenAsync(Request?.Source ?? BenchmarkSource.Default);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or Core.SearchSpace.OutOfDomainException or RequestValidationException or FileNotFoundException)
        {
            _message = $"The benchmark is not available to compare with: {e.Message}";
        }

        _cells = [.. rows.Select(r => (r, open is null ? [] : Lookup(open, r.Hash)))];
        _correlations = [];
        foreach (int epochs in new[] { 12, 36, 108 })
        {
            var pairs = _cells.Where(c => c.Benchmark.ContainsKey(epochs)).ToList();
            if (pairs.Count >= 3)
            {
                _correlations.Add((epochs, Correlation.Compute([.. pairs.Select(p => p.Benchmark[epochs])], [.. pairs.Select(p => p.Row.TestAccuracy)], 200)));
            }
        }

        var shown = _cells.Where(c => c.Benchmark.ContainsKey(108)).ToList();
        _data = new List<ITrace>
        {
            new Scatter
            {
                Name = "trained cells", Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                X = [.. shown.Select(c => (object)c.Benchmark[108])], Y = [.. shown.Select(c => (object)c.Row.TestAccuracy)],
            },
        };
    }

    private static Dictionary<int, double> Lookup(OpenBenchmark open, string hash)
    {
        var result = new Dictionary<int, double>();
        if (!Core.SearchSpace.CellHash.TryParse(hash, out var h) || open.Data.Space.IndexOf(h) is var index && (index < 0 || !open.Data.Contains(index)))
        {
            return result;
        }

        foreach (int epochs in open.Data.Epochs)
        {
            result[epochs] = Enumerable.Range(0, 3).Average(r => (double)open.Data.Metrics(index, epochs, r).Final.TestAccuracy);
        }

        return result;
    }

    private async Task RefreshAsync()
    {
        try
        {
            int before = _cells.Count;
            await LoadAsync();
            if (_chart is not null && _cells.Count != before)
            {
                _chart.Data = _data;
                await _chart.React();
            }

            StateHasChanged();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException or ObjectDisposedException)
        {
            // The page went away.
        }
    }

    private static string C(CorrelationCoefficient c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.R:0.000} (p {c.P:0.###}, CI {c.CiLow:0.00}–{c.CiHigh:0.00})");

    public void Dispose() => _subscription?.Dispose();
}
