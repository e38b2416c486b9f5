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

namespace NasBench.Web.Components.Pages.Correlation;

/// <summary>The correlation page (the seed paper's Table 1): a transfer study's or correlate experiment's table and scatters, live while it trains, or an uploaded CSV's.</summary>
public sealed partial class CorrelationPage
{
    private static readonly string[] CorrelationKinds = [ExperimentKinds.Transfer, ExperimentKinds.Correlate];
    private List<Experiment> _candidates = [];
    private CorrelationView? _view;
    private string? _error;
    private bool _canUpload;
    private string? _file;
    private string[] _columns = [];
    private string? _y;
    private HashSet<string> _xs = [];
    private int? _rows;
    private int _bootstrap = 1000;
    private IDisposable? _subscription;
    private LiveRefresh? _live;
    private bool _rendered;

    /// <summary>The transfer study or correlate experiment shown.</summary>
    [SupplyParameterFromQuery] public long? Experiment { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _canUpload = LabRoles.CanLaunch((await Auth.GetAuthenticationStateAsync()).User);
        _candidates = await Picks.NewestAsync(CorrelationKinds, succeededOnly: false, 200);

        await LoadAsync();
        Subscribe();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _rendered = true;
            Subscribe();
        }
    }

    // Live while a transfer study trains: one subscription per shown experiment, after the first render, ≤ 4 refreshes/s.
    private void Subscribe()
    {
        _subscription?.Dispose();
        _subscription = null;
        if (_rendered && Experiment is { } id && _view?.Status is { } s && !ExperimentStates.IsFinal(s))
        {
            _live = new LiveRefresh(() => InvokeAsync(RefreshAsync), TimeSpan.FromMilliseconds(250));
            _subscription = Notifier.Subscribe(id, _live.SignalAsync);
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await LoadAsync();
            if (_view?.Status is { } s && ExperimentStates.IsFinal(s))
            {
                _subscription?.Dispose();
                _subscription = null;
            }

            StateHasChanged();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The page went away.
        }
    }

    private async Task LoadAsync()
    {
        if (Experiment is not { } id)
        {
            return;
        }

        try
        {
            _view = await Queries.ViewAsync(id);
            _error = _view is null ? $"Experiment #{id} is not a transfer study or a correlate experiment." : null;
        }
        catch (Exception e) when (e is RequestValidationException or IOException or InvalidDataException or Core.SearchSpace.OutOfDomainException)
        {
            _error = e.Message;
        }
    }

    private void Pick(string? value) =>
        Navigation.NavigateTo(long.TryParse(value, CultureInfo.InvariantCulture, out long id) ? $"/correlation?experiment={id}" : "/correlation");

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        try
        {
            // The API's rules: a member (as the database says now), the user's quota, a disk with room.
            if (await Acting.CurrentAsync(Auth) is not { } user || !LabRoles.CanLaunch(user))
            {
                _error = "Uploads need a member account. " + ActingUser.Refused;
                return;
            }

            string owner = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
            if (Uploads.QuotaProblem(owner, e.File.Size, Limits.Value) is { } quota)
            {
                _error = quota;
                return;
            }

            Disk.ThrowIfFull();
            await using var stream = e.File.OpenReadStream(Uploads.MaxBytes);
            var upload = await Uploads.SaveAsync(stream, e.File.Name, CancellationToken.None, owner);
            _file = upload.Path;
            _columns = [.. CorrelationViews.Columns(_file).Where(c => c.Length > 0)];
            _xs = [.. CorrelationViews.CifarColumns(_columns)];
            _y = _columns.FirstOrDefault(c => !_xs.Contains(c) && c.Length > 0 && c.Contains("acc", StringComparison.OrdinalIgnoreCase)) ?? _columns.FirstOrDefault();
            _error = null;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            _error = $"The upload failed: {ex.Message}";
        }
    }

    private void ToggleX(string column, bool on)
    {
        if (on) { _xs.Add(column); } else { _xs.Remove(column); }
    }

    private async Task ComputeCsvAsync()
    {
        if (_file is null || _y is null)
        {
            return;
        }

        try
        {
            _subscription?.Dispose();
            _subscription = null;
            var xs = _columns.Where(_xs.Contains).ToList();
            _view = await CorrelationViews.OfCsvAsync(_file, _y, xs, _rows, _bootstrap, 0, CancellationToken.None);
            _error = null;
        }
        catch (RequestValidationException e)
        {
            (_view, _error) = (null, e.Message);
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
