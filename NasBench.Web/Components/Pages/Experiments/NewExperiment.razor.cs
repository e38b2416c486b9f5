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

namespace NasBench.Web.Components.Pages.Experiments;

/// <summary>The new-experiment form: a kind, its fields (or the request as JSON), the CLI command line it equals, and launch.</summary>
public sealed partial class NewExperiment
{
    private string _kind = ExperimentKinds.Search;
    private RequestDraft _draft = RequestDraft.Defaults(ExperimentKinds.Search);
    private readonly Dictionary<string, RequestDraft> _drafts = [];
    private string _json = "{\n  \"kind\": \"search\",\n  \"algorithm\": \"evolution\",\n  \"queries\": 500,\n  \"runs\": 3,\n  \"synthetic\": true\n}";
    private IReadOnlyList<RequestError> _errors = [];
    private string? _commandLine;
    private string? _name;
    private bool _busy;
    private bool _tried;
    private string[] _columns = [];
    private string? _uploadMessage;

    /// <summary>Edit and re-run: the experiment whose request fills the form.</summary>
    [SupplyParameterFromQuery(Name = "from")] private long? From { get; set; }

    private long? _rerunOf; // From, when that experiment exists: recorded as the launch's source (Experiment.RerunOf)

    [SupplyParameterFromQuery(Name = "kind")] private string? KindQuery { get; set; }

    /// <summary>A request (JSON) that fills the form: the cell page's "train this cell" / "start a search from here".</summary>
    [SupplyParameterFromQuery(Name = "request")] private string? RequestQuery { get; set; }

    private Core.SearchSpace.NetworkShape Shape => new(
        Int("stemChannels", Core.SearchSpace.NetworkShape.DefaultStemChannels), Int("stacks", Core.SearchSpace.NetworkShape.DefaultStacks),
        Int("cellsPerStack", Core.SearchSpace.NetworkShape.DefaultCellsPerStack), _draft.Texts.GetValueOrDefault("dataset") is "fashion-mnist" ? 1 : 3);

    protected override async Task OnInitializedAsync()
    {
        if (From is { } id)
        {
            if (await Queries.FindAsync(id) is { } e)
            {
                try
                {
                    _draft = RequestDraft.From(ExperimentJson.Deserialize(e.RequestJson));
                    _kind = _draft.Kind;
                    (_name, _rerunOf) = (e.Name, e.Id);
                    _drafts[_kind] = _draft;
                    ReadColumns();
                }
                catch (RequestValidationException)
                {
                    (_kind, _json) = ("json", e.RequestJson);
                }
            }
        }
        else if (RequestQuery is { } json)
        {
            try
            {
                _draft = RequestDraft.From(ExperimentJson.Deserialize(json));
                _kind = _draft.Kind;
            }
            catch (RequestValidationException)
            {
                (_kind, _json) = ("json", json);
            }
        }
        else if (KindQuery is { } k && ExperimentForms.Kinds.Any(x => x.Kind == k))
        {
            Switch(k);
        }

        _drafts[_draft.Kind] = _draft;
        Preview();
    }

    private string Tab(string kind) => kind == _kind ? "tab active" : "tab";

    private void Switch(string kind)
    {
        _kind = kind;
        if (kind != "json")
        {
            if (!_drafts.TryGetValue(kind, out var draft))
            {
                _drafts[kind] = draft = RequestDraft.Defaults(kind);
            }

            _draft = draft;
        }

        (_errors, _tried) = ([], false);
        Preview();
    }

    private int Int(string name, int fallback) => int.TryParse(_draft.Texts.GetValueOrDefault(name), CultureInfo.InvariantCulture, out int v) && v > 0 && v <= 4096 ? v : fallback;

    private bool Shown(string field) =>
        ExperimentForms.Of(_kind).Any(f => f.Name == field) || field is "adjacency" or "operations"
        || (ExperimentForms.HasSource(_kind) && field is "store" or "records" or "synthetic") || (_kind == ExperimentKinds.Correlate && field is "file" or "x" or "y");

    private Task ChangedAsync()
    {
        Preview();
        return Task.CompletedTask;
    }

    /// <summary>The command line as you type; the messages beside the fields once you have tried to launch.</summary>
    private void Preview()
    {
        if (_kind == "json" || !_draft.Available)
        {
            return;
        }

        var (request, errors) = _draft.ToRequest();
        _commandLine = request is not null && errors.Count == 0 ? request.ToCommandLine() : null;
        if (_tried)
        {
            _errors = errors;
        }
    }

    private Task SourceAsync(string source) { _draft.Source = source; return ChangedAsync(); }

    private Task PathAsync(string? path) { _draft.Path = path ?? ""; return ChangedAsync(); }

    private Task SyntheticSeedAsync(string? seed) { _draft.SyntheticSeed = int.TryParse(seed, CultureInfo.InvariantCulture, out int s) ? s : 0; return ChangedAsync(); }

    private Task FileAsync(string? file)
    {
        _draft.File = file?.Trim() ?? "";
        ReadColumns();
        return ChangedAsync();
    }

    private Task ColumnAsync(bool x, string? column)
    {
        if (x) { _draft.X = column ?? ""; } else { _draft.Y = column ?? ""; }
        return ChangedAsync();
    }

    private void ReadColumns()
    {
        _columns = [];
        try
        {
            if (_draft.File.Length > 0 && System.IO.File.Exists(_draft.File))
            {
                using var reader = new StreamReader(_draft.File);
                _columns = reader.ReadLine() is { } header ? Core.CsvLine.Split(header) : [];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _uploadMessage = $"Cannot read '{_draft.File}': {e.Message}";
        }

        if (_columns.Length > 0)
        {
            _draft.X = _columns.Contains(_draft.X) ? _draft.X : _columns[0];
            _draft.Y = _columns.Contains(_draft.Y) ? _draft.Y : _columns[Math.Min(1, _columns.Length - 1)];
        }
    }

    /// <summary>Saves an uploaded CSV under the data folder's uploads/ (streamed in chunks: no large interop message).</summary>
    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        const long MaxBytes = 64L << 20;
        try
        {
            string folder = Path.Combine(LabPaths.DataDirectory, "uploads");
            Directory.CreateDirectory(folder);
            string safe = string.Concat(Path.GetFileName(e.File.Name).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
            string path = Path.Combine(folder, $"{Guid.NewGuid():N}-{safe}");
            await using (var target = System.IO.File.Create(path))
            {
                await e.File.OpenReadStream(MaxBytes).CopyToAsync(target);
            }

            _uploadMessage = $"Uploaded {e.File.Name} ({e.File.Size:N0} bytes).";
            await FileAsync(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            _uploadMessage = $"The upload failed: {ex.Message}";
        }
    }

    private static (string Id, string Name) Who(System.Security.Claims.ClaimsPrincipal user) =>
        (user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, user.Identity?.Name ?? "?");

    private async Task LaunchAsync()
    {
        ExperimentRequest? request;
        if (_kind == "json")
        {
            try
            {
                request = ExperimentJson.Deserialize(_json);
                _errors = request.Validate();
            }
            catch (RequestValidationException e)
            {
                (request, _errors) = (null, e.Errors);
            }
        }
        else
        {
            _tried = true;
            (request, _errors) = _draft.ToRequest();
        }

        if (request is null || _errors.Count > 0)
        {
            return; // Nothing is enqueued while a field is invalid.
        }

        _busy = true;
        try
        {
            var (id, name) = Who((await Auth.GetAuthenticationStateAsync()).User);
            long experiment = await Launcher.LaunchAsync(request, id, name, _name, rerunOf: _rerunOf);
            Navigation.NavigateTo($"/experiments/{experiment}");
        }
        catch (RequestValidationException e)
        {
            (_errors, _busy) = (e.Errors, false);
        }
        catch (LaunchRefusedException e)
        {
            // A limit (queued experiments, disk) or a revoked user: the launcher's message, on the page, not a broken circuit.
            (_errors, _busy) = ([new RequestError("launch", e.Message)], false);
        }
    }

    /// <summary>The benchmark the form names: the preset picker launches on it.</summary>
    private BenchmarkSource PresetSource
    {
        get
        {
            var d = ExperimentForms.HasSource(_draft.Kind) ? _draft : RequestDraft.Defaults(ExperimentKinds.Compare);
            string? path = string.IsNullOrWhiteSpace(d.Path) ? null : d.Path.Trim();
            return d.Source switch { "synthetic" => new(SyntheticSeed: d.SyntheticSeed), "records" => new(Records: path), _ => new(Store: path) };
        }
    }
}
