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

namespace NasBench.Web.Components.Pages.Cells;

/// <summary>One cell: its graph, the benchmark's metrics at each budget, and what to do with it (train it, search from it).</summary>
public sealed partial class CellPage
{
#pragma warning disable BL0005
    private CellView? _view;
    private string? _error;
    private string? _benchmark;
    private bool _canLaunch;
    private Config _config = ChartConfig.Create("cell");
    private Plotly.Blazor.Layout _layout = new();
    private IList<ITrace> _data = new List<ITrace>();

    [Parameter] public string Hash { get; set; } = "";
    [SupplyParameterFromQuery] public string? Records { get; set; }
    [SupplyParameterFromQuery] public string? Store { get; set; }
    [SupplyParameterFromQuery] public int? Synthetic { get; set; }

    /// <summary>The benchmark's query string, carried from page to page.</summary>
    public static string SourceQuery(string? store, string? records, int? synthetic) =>
        synthetic is { } s ? $"?synthetic={s}" : !string.IsNullOrWhiteSpace(records) ? $"?records={Uri.EscapeDataString(records)}" : !string.IsNullOrWhiteSpace(store) ? $"?store={Uri.EscapeDataString(store)}" : "";

    protected override async Task OnParametersSetAsync()
    {
        _canLaunch = LabRoles.CanLaunch((await Auth.GetAuthenticationStateAsync()).User);
        if ((Records ?? Store) is not null && !_canLaunch)
        {
            _error = CellsExplorer.SourceRule;
            return;
        }

        // The lab's one path policy (inside the allowed folders, a regular file, not the lab's own): checked before opening.
        if (Synthetic is null && Folders.CheckSource(Store, Records) is { } refused)
        {
            _error = refused;
            return;
        }

        try
        {
            var benchmark = await Provider.OpenAsync(CellsExplorer.SourceOf(Store, Records, Synthetic));
            _benchmark = benchmark.Describe();
            _view = CellsExplorer.Describe(benchmark, Hash);
            _error = _view is null ? $"'{Hash}' is not the hash of a cell of the space." : null;
            if (_view is { Repeats.Count: > 0 } v)
            {
                _data = v.Repeats.GroupBy(r => r.Repeat).Select(g => (ITrace)new Scatter
                {
                    Name = $"repeat {g.Key}",
                    Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                    X = g.Select(r => (object)r.Epochs).ToList(),
                    Y = g.Select(r => (object)(double)r.Metrics.Final.TestAccuracy).ToList(),
                }).ToList();
                _layout = new Plotly.Blazor.Layout { Height = 260, Margin = new Margin { L = 50, R = 10, T = 10, B = 40 },
                    XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log, Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "epochs" } }],
                    YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "test accuracy" } }] };
            }
        }
        catch (Exception ex) when (ex is RequestValidationException or IOException or InvalidDataException or ArgumentException)
        {
            _error = ex.Message;
        }
    }

    private static string TrainingJson(CellView v) =>
        $$"""{"kind":"{{ExperimentKinds.Training}}","adjacency":"{{v.Cell.ToAdjacencyString()}}","operations":"{{v.Cell.ToOperationsString()}}"}""";

    private static CellDraft Drawn(CellView v)
    {
        var draft = new CellDraft();
        draft.Load(v.Cell.ToAdjacencyString(), v.Cell.ToOperationsString());
        return draft;
    }

    /// <summary>The new-experiment form, filled with a request (the person reviews it and launches).</summary>
    private static string FormLink(string requestJson) => $"/experiments/new?request={Uri.EscapeDataString(requestJson)}";

    /// <summary>A search of this benchmark that starts from this cell (Core's startCell).</summary>
    private string SearchJson(CellView v, string algorithm) => ExperimentJson.Serialize(new SearchRequest
    {
        Algorithm = algorithm, StartCell = CellArgument.Format(v.Cell), Queries = 1000, Runs = 3,
        Store = Synthetic is null && !string.IsNullOrWhiteSpace(Store) ? Store : null,
        Records = Synthetic is null && !string.IsNullOrWhiteSpace(Records) ? Records : null,
        Synthetic = Synthetic is not null, SyntheticSeed = Synthetic ?? 0,
    });

    private static string P(double v) => v.ToString("P2", CultureInfo.InvariantCulture);
}
