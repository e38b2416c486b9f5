using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using NasBench.Core.Experiments;
using NasBench.Web.Live;
using NasBench.Web.Services;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace NasBench.Web.Components.Shared;

/// <summary>The live search chart: reads rows through <see cref="SearchQueries"/>, keeps them in a <see cref="SearchChartModel"/>
/// and sends only what changed to the browser (search-chart.js).</summary>
public sealed partial class SearchChart
{
#pragma warning disable BL0005 // Plotly.Blazor's way: set the chart's data, then React() (a full redraw only when the axes change).
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SearchChartModel _model = null!;
    private PlotlyChart? _chart;
    private Config _config = ChartConfig.Create("search");
    private Plotly.Blazor.Layout _layout = new();
    private IList<ITrace> _data = new List<ITrace>();
    private int _again;
    private int _notDrawn;
    private IDisposable? _subscription;
    private LiveRefresh? _live;
    private IJSObjectReference? _module;

    [Parameter, EditorRequired] public long ExperimentId { get; set; }

    /// <summary>The experiment's request (its algorithms and budget).</summary>
    [Parameter, EditorRequired] public ExperimentRequest Request { get; set; } = null!;

    private string ChartId => $"search-{ExperimentId}";

    // "12 runs", or "500 runs (20 of each algorithm drawn thin)" once some are not drawn thin.
    private string RunsText => _model.Runs > _model.RunsDrawn
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_model.Runs:N0} runs ({_model.RunsDrawn:N0} drawn thin)")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_model.Runs:N0} runs");

    protected override async Task OnInitializedAsync()
    {
        _model = new SearchChartModel(Request);
        _layout = _model.Layout();
        await LoadAllAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _live = new LiveRefresh(() => InvokeAsync(ExtendAsync), TimeSpan.FromMilliseconds(250));
            _subscription = Notifier.Subscribe(ExperimentId, _live.SignalAsync);
            _ = _live.SignalAsync(); // rows written between the first load and the subscription
        }
    }

    // The page reads a downsampled copy of the stored rows (TrajectoryReader: ≤ 2,000 a run, in SQL), never all of them.
    private async Task LoadAllAsync()
    {
        _model.Load(await Queries.TrajectoryAsync(ExperimentId));
        _data = _model.Data;
    }

    private async Task RedrawAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _layout = _model.Layout();
            await LoadAllAsync();
            if (_chart is not null)
            {
                _chart.Layout = _layout;
                _chart.Data = _data;
                await _chart.React();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // A signal while a draw is under way is not dropped: the draw runs once more after it (else the last rows could be missed).
    private async Task ExtendAsync()
    {
        Interlocked.Exchange(ref _again, 1);
        if (_chart is null || !await _gate.WaitAsync(0))
        {
            return;
        }

        try
        {
            while (Interlocked.Exchange(ref _again, 0) == 1)
            {
                await ExtendOnceAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ExtendOnceAsync()
    {
        try
        {
            // Not before the first plot is drawn (it is drawn from _data, which this would change first): try again shortly.
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./search-chart.js");
            if (!await _module.InvokeAsync<bool>("drawn", ChartId) && _notDrawn++ < 100)
            {
                await Task.Delay(100);
                Interlocked.Exchange(ref _again, 1);
                return;
            }

            var rows = await Queries.TrajectoryAfterAsync(ExperimentId, _model.LastId);
            if (rows.Count == 0)
            {
                return;
            }

            if (_model.Overflows(rows))
            {
                _model.Skip(rows);
                await LoadAllAsync();
                _chart!.Data = _data;
                await _chart!.React();
                StateHasChanged();
                return;
            }

            // New points of the runs, the touched algorithms' mean and band and new runs' traces in one call and one redraw.
            var u = _model.Extend(rows);
            if (!await _module.InvokeAsync<bool>("extend", ChartId, u.Xs, u.Ys, u.Indices, SeriesDownsampler.MaxPointsPerTrace, u.Replaced, u.Added, u.At, _model.Rows))
            {
                // The first plot is not in the page yet (Plotly still loading): Plotly.Blazor queues this after it.
                _chart!.Data = _data;
                await _chart!.React();
            }

            StateHasChanged();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException or ObjectDisposedException)
        {
            // The page went away while drawing.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }
}
