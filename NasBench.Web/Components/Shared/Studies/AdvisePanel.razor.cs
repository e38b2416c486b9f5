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
using NasBench.Training.Advisor;
using NasBench.Web.Account;
using NasBench.Web.Apis;
using NasBench.Web.Components.Shared;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using NasBench.Web.Live;
using Plotly.Blazor;

namespace NasBench.Web.Components.Shared.Studies;

/// <summary>An advice experiment's ranked proxies and recommended cells, and one full training per recommended cell.</summary>
public sealed partial class AdvisePanel
{
#pragma warning disable BL0005 // Plotly.Blazor's way: set the chart's data, then React() (a few bars).
    private PlotlyChart? _chart;
    private Config _config = ChartConfig.Create("advice");
    private Plotly.Blazor.Layout _layout = RankChart.Layout("the short trainings");
    private IList<ITrace> _data = new List<ITrace>();
    private AdviceView _view = AdviceView.Empty;
    private bool _canLaunch;
    private List<long> _launched = [];
    private HashSet<int> _launchedRanks = [];
    private string? _error;
    private IDisposable? _subscription;
    private LiveRefresh? _live;

    [Parameter, EditorRequired] public long ExperimentId { get; set; }

    [Parameter, EditorRequired] public AdviseRequest Request { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _canLaunch = LabRoles.CanLaunch((await Auth.GetAuthenticationStateAsync()).User);
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _live = new LiveRefresh(() => InvokeAsync(RefreshAsync), TimeSpan.FromSeconds(2));
            _subscription = Notifier.Subscribe(ExperimentId, _live.SignalAsync);
            _ = _live.SignalAsync(); // what changed between the first load and the subscription
        }
    }

    private async Task<bool> LoadAsync()
    {
        var trained = await Queries.TrainedCellsAsync(ExperimentId);
        var next = AdviceView.Load(ExperimentId, Request, [.. trained.Select(t => (t.Hash, t.TestAccuracy))]);
        bool changed = next.Key != _view.Key;
        _view = next;
        if (changed)
        {
            _data = RankChart.Traces([.. _view.Evidence.Select(e => (e.Name, e.Correlation))]);
        }

        return changed;
    }

    private async Task RefreshAsync()
    {
        try
        {
            if (await LoadAsync() && _chart is not null)
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

    /// <summary>One full training per recommended cell, through the launcher (allowed folders, request rules, per-user limits).</summary>
    private async Task TrainTheseAsync()
    {
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        if (!LabRoles.CanLaunch(user))
        {
            _error = "This account may not launch experiments.";
            return;
        }

        _error = null;
        foreach (var c in _view.Recommended.Where(c => !_launchedRanks.Contains(c.Rank)))
        {
            try
            {
                var request = Request.FullTraining(Core.SearchSpace.ModelSpec.Parse(c.Adjacency, c.Operations));
                _launched.Add(await Launcher.LaunchAsync(request, user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, user.Identity?.Name ?? "?",
                    $"advised by #{ExperimentId}: rank {c.Rank}, {c.Hash[..8]}"));
                _launchedRanks.Add(c.Rank);
            }
            catch (Exception e) when (e is RequestValidationException or LaunchRefusedException)
            {
                _error = $"Launched {_launched.Count} of {_view.Recommended.Count}: {e.Message}";
                return;
            }
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
