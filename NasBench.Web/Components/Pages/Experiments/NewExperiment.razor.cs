using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using NasBench.Core.Options;
using NasBench.Web.Data;
using NasBench.Web.Jobs;

namespace NasBench.Web.Components.Pages.Experiments;

/// <summary>The new-experiment form: a kind, its fields (or the request as JSON), the CLI command line it equals, and launch.</summary>
public sealed partial class NewExperiment
{
    private ExperimentForm _form = ExperimentForm.Open(null, null, null);
    private bool _busy;

    /// <summary>Edit and re-run: the experiment whose request fills the form.</summary>
    [SupplyParameterFromQuery(Name = "from")] private long? From { get; set; }

    [SupplyParameterFromQuery(Name = "kind")] private string? KindQuery { get; set; }

    /// <summary>A request (JSON) that fills the form: the cell page's "train this cell" / "start a search from here".</summary>
    [SupplyParameterFromQuery(Name = "request")] private string? RequestQuery { get; set; }

    private RequestDraft Draft => _form.Draft;

    protected override async Task OnInitializedAsync()
    {
        if (From is { } id)
        {
            _form = ExperimentForm.Open(await Queries.FindAsync(id), null, null);
        }
        else
        {
            _form = ExperimentForm.Open(null, RequestQuery, KindQuery);
        }
    }

    private string Tab(string kind) => kind == _form.Kind ? "tab active" : "tab";

    private Task ChangedAsync()
    {
        _form.Preview();
        return Task.CompletedTask;
    }

    private Task SourceAsync(string source) { Draft.Source = source; return ChangedAsync(); }

    private Task PathAsync(string? path) { Draft.Path = path ?? ""; return ChangedAsync(); }

    private Task SyntheticSeedAsync(string? seed) { Draft.SyntheticSeed = int.TryParse(seed, CultureInfo.InvariantCulture, out int s) ? s : 0; return ChangedAsync(); }

    private Task FileAsync(string? file)
    {
        _form.ChooseFile(file);
        return Task.CompletedTask;
    }

    private Task ColumnAsync(bool x, string? column)
    {
        _form.ChooseColumn(x, column);
        return Task.CompletedTask;
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

            _form.FileMessage = $"Uploaded {e.File.Name} ({e.File.Size:N0} bytes).";
            await FileAsync(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            _form.FileMessage = $"The upload failed: {ex.Message}";
        }
    }

    private static (string Id, string Name) Who(System.Security.Claims.ClaimsPrincipal user) =>
        (user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, user.Identity?.Name ?? "?");

    /// <summary>The form's request, checked once by the launcher; nothing is enqueued while a rule is broken.</summary>
    private async Task LaunchAsync()
    {
        if (_form.Submit() is not { } request)
        {
            return;
        }

        var check = Launcher.Check(request);
        if (check.Request is not { } valid)
        {
            _form.Refuse(check.Errors);
            return;
        }

        _busy = true;
        try
        {
            var (id, name) = Who((await Auth.GetAuthenticationStateAsync()).User);
            long experiment = await Launcher.LaunchAsync(valid, id, name, _form.Name, rerunOf: _form.RerunOf);
            Navigation.NavigateTo($"/experiments/{experiment}");
        }
        catch (LaunchRefusedException e)
        {
            // A limit (queued experiments, disk) or a revoked user: the launcher's message, on the page, not a broken circuit.
            _busy = false;
            _form.Refuse([new RequestError("launch", e.Message)]);
        }
    }
}
