using NasBench.Core.Progress;
using NasBench.Core.Options;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using NasBench.Web.Account;
using NasBench.Web.Apis;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using NasBench.Web.Live;

namespace NasBench.Web.Components.Pages.Experiments;

/// <summary>One experiment: its state live (progress, time left), lineage, actions (cancel, re-run), charts, results and files.</summary>
public sealed partial class ExperimentPage
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] BigFiles = ["trajectories.csv", "steps.csv"];
    private Experiment? _experiment;
    private ExperimentRequest? _request;
    private IReadOnlyList<ExperimentFile> _files = [];
    private List<long> _reruns = [];
    private string _json = "";
    private string _benchmark = "";
    private bool _canControl;
    private bool _canLaunch;
    private bool _hasSeed;
    private int _newSeed;
    private string? _rerunError;
    private IDisposable? _subscription;
    private LiveRefresh? _live;

    [Parameter] public long Id { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _json = "";
        await LoadAsync();
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        _canLaunch = LabRoles.CanLaunch(user);
        _canControl = _experiment is not null && LabRoles.CanControl(user, _experiment.OwnerId);
        // The row's one parse (Experiment.Request), kept across the live reloads (a request never changes); null for a kind
        // this server does not know (any more): the page still shows what is stored.
        _request = _experiment?.Request;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _live = new LiveRefresh(() => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }), TimeSpan.FromMilliseconds(250));
            _subscription = Notifier.Subscribe(Id, _live.SignalAsync);
            _ = _live.SignalAsync(); // what changed between the first load and the subscription
        }
    }

    private async Task LoadAsync()
    {
        _experiment = await Queries.FindAsync(Id);
        if (_experiment is not null)
        {
            _reruns = await Queries.RerunsAsync(Id);
            _files = ExperimentFiles.List(Id);
            // Core's label reads the request only while the run has recorded no benchmark (queued, or an old row).
            _benchmark = BenchmarkLabel.Of(_experiment.BenchmarkSource, _experiment.Kind, _experiment.RequestJson);
            if (_json.Length == 0)
            {
                // The stored JSON as it is (an imported or older row may differ from this server's serialisation), shown
                // indented, and its seed for "Re-run with this seed": read once per page, not per reload.
                using var doc = System.Text.Json.JsonDocument.Parse(_experiment.RequestJson);
                _json = System.Text.Json.JsonSerializer.Serialize(doc.RootElement, Indented);
                _hasSeed = doc.RootElement.TryGetProperty("seed", out var seed) && seed.TryGetInt32(out _);
                _newSeed = _hasSeed ? seed.GetInt32() + 1 : 0;
            }
        }
    }

    private async Task CancelAsync()
    {
        // The user as the database says now: a page left open by a user since disabled or demoted cannot cancel.
        if (await Acting.CurrentAsync(Auth) is not { } user || _experiment is null || !LabRoles.CanControl(user, _experiment.OwnerId))
        {
            _rerunError = ActingUser.Refused;
            return;
        }

        await Launcher.CancelAsync(Id, user.Identity?.Name);
        await LoadAsync();
    }

    /// <summary>The same request again (or with another seed) as a new experiment.</summary>
    private async Task RerunAsync(int? seed)
    {
        if (_experiment is null)
        {
            return;
        }

        try
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(_experiment.RequestJson)!.AsObject();
            if (seed is { } s)
            {
                json["seed"] = s;
            }

            var request = ExperimentJson.Deserialize(json.ToJsonString());
            if (await Acting.CurrentAsync(Auth) is not { } user || !LabRoles.CanLaunch(user))
            {
                _rerunError = ActingUser.Refused;
                return;
            }

            long id = await Launcher.LaunchAsync(request, user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, user.Identity?.Name ?? "?",
                RerunName(_experiment, seed), rerunOf: _experiment.Id);
            Navigation.NavigateTo($"/experiments/{id}");
        }
        catch (Exception e) when (e is RequestValidationException or LaunchRefusedException or IOException)
        {
            _rerunError = e.Message;
        }
    }

    /// <summary>The user's name kept (with the new seed said); a name that was only the old command line is left to the
    /// launcher, which names the re-run after its own command line.</summary>
    private static string? RerunName(Experiment e, int? seed) =>
        e.Name.Length == 0 || e.CommandLine == "nasbench " + e.Name || (e.Name.Length == 200 && e.CommandLine.StartsWith("nasbench " + e.Name, StringComparison.Ordinal)) ? null
        : seed is { } s ? $"{e.Name} (seed {s.ToString(CultureInfo.InvariantCulture)})" : e.Name;

    // "Now" from the injected clock (a test's fake one), the formula Core's.
    private TimeSpan? Remaining(Experiment e) =>
        e.Status == ExperimentStates.Running && e.StartedAt is { } started ? Eta.Remaining(e.Progress, started, Clock) : null;

    /// <summary>Core's one duration formatter (<see cref="Durations.Format"/>); kept by this name for the home page.</summary>
    public static string Duration(TimeSpan t) => Durations.Format(t);

    private static string Time(DateTimeOffset? t) => t?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "—";

    public void Dispose() => _subscription?.Dispose();
}
