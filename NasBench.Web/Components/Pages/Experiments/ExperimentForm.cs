using System.Globalization;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;
using NasBench.Web.Data;

namespace NasBench.Web.Components.Pages.Experiments;

/// <summary>
/// The new-experiment form's state and decisions, without a browser (<see cref="NewExperiment"/> draws it): the kind
/// shown (or the JSON tab), one draft per kind (kept while switching tabs), the messages beside the fields, the command
/// line it equals, and the request a launch sends.
/// </summary>
/// <remarks>
/// <code>
/// open:    ?from=id   → the experiment's request (its parse, Experiment.Request) in its kind's tab; an unknown kind in the JSON tab
///          ?request=… → that request in its kind's tab (the cell page's links); not a request → the JSON tab
///          ?kind=k    → k's defaults
/// type:    the preview (command line) when the fields make a valid request; the messages only once a launch was tried
/// launch:  Submit() → the request (not validated: the launcher checks it once) or the fields' own errors;
///          the launcher's answer (its broken rules, a refusal) comes back through Refuse()
/// </code>
/// </remarks>
public sealed class ExperimentForm
{
    /// <summary>The tab that takes the request as JSON (any kind, as the API does).</summary>
    public const string JsonTab = "json";

    private readonly Dictionary<string, RequestDraft> _drafts = [];
    private bool _tried;

    private ExperimentForm()
    {
        _drafts[Draft.Kind] = Draft;
    }

    /// <summary>The tab shown: a kind of <see cref="ExperimentForms.Kinds"/>, or <see cref="JsonTab"/>.</summary>
    public string Kind { get; private set; } = ExperimentKinds.Search;

    /// <summary>The fields of the kind shown (the last kind's while the JSON tab is shown).</summary>
    public RequestDraft Draft { get; private set; } = RequestDraft.Defaults(ExperimentKinds.Search);

    /// <summary>The JSON tab's text.</summary>
    public string Json { get; set; } = "{\n  \"kind\": \"search\",\n  \"algorithm\": \"evolution\",\n  \"queries\": 500,\n  \"runs\": 3,\n  \"synthetic\": true\n}";

    /// <summary>The messages shown: the broken rules, or why the launch was refused.</summary>
    public IReadOnlyList<RequestError> Errors { get; private set; } = [];

    /// <summary>The command line the fields equal; null while they make no valid request (or on the JSON tab).</summary>
    public string? CommandLine { get; private set; }

    /// <summary>The experiment's name (optional: the launcher names it after its command line).</summary>
    public string? Name { get; set; }

    /// <summary>Correlate: the columns of the CSV file chosen (its header row).</summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    /// <summary>Correlate: what happened to the file (uploaded, or why it cannot be read).</summary>
    public string? FileMessage { get; set; }

    /// <summary>The experiment this form re-runs (edit and re-run), recorded as the launch's source (Experiment.RerunOf).</summary>
    public long? RerunOf { get; private set; }

    /// <summary>The form as a page opens it: from an experiment (edit and re-run; one whose kind this server does not
    /// know opens as JSON, not as its re-run), else from a request in the URL, else on a kind's tab (an unknown kind: the
    /// default tab).</summary>
    public static ExperimentForm Open(Experiment? from, string? requestJson, string? kind)
    {
        var form = new ExperimentForm();
        if (from is not null)
        {
            form.Fill(from.Request, from.RequestJson);
            if (from.Request is not null)
            {
                (form.Name, form.RerunOf) = (from.Name, from.Id);
                form.ReadColumns();
            }
        }
        else if (requestJson is not null)
        {
            ExperimentRequest? request = null;
            try
            {
                request = ExperimentJson.Deserialize(requestJson);
            }
            catch (RequestValidationException)
            {
                // Shown as it came, in the JSON tab.
            }

            form.Fill(request, requestJson);
        }
        else if (kind is not null && ExperimentForms.Kinds.Any(x => x.Kind == kind))
        {
            form.Switch(kind);
        }

        form.Preview();
        return form;
    }

    /// <summary>The network the cell editor counts parameters for: the shape fields when they hold one, else the defaults.</summary>
    public NetworkShape Shape => new(
        Int("stemChannels", NetworkShape.DefaultStemChannels), Int("stacks", NetworkShape.DefaultStacks),
        Int("cellsPerStack", NetworkShape.DefaultCellsPerStack), Draft.Texts.GetValueOrDefault("dataset") is "fashion-mnist" ? 1 : 3);

    /// <summary>The benchmark the form names: the preset picker launches on it.</summary>
    public BenchmarkSource PresetSource
    {
        get
        {
            var d = ExperimentForms.HasSource(Draft.Kind) ? Draft : RequestDraft.Defaults(ExperimentKinds.Compare);
            string? path = string.IsNullOrWhiteSpace(d.Path) ? null : d.Path.Trim();
            return d.Source switch { "synthetic" => new(SyntheticSeed: d.SyntheticSeed), "records" => new(Records: path), _ => new(Store: path) };
        }
    }

    /// <summary>Whether the kind's form has a place of its own for a field's messages (the rest are listed below it).</summary>
    public bool Shown(string field) =>
        ExperimentForms.Of(Kind).Any(f => f.Name == field) || field is "adjacency" or "operations"
        || (ExperimentForms.HasSource(Kind) && field is "store" or "records" or "synthetic") || (Kind == ExperimentKinds.Correlate && field is "file" or "x" or "y");

    /// <summary>Shows another tab; each kind keeps what was typed in it.</summary>
    public void Switch(string kind)
    {
        Kind = kind;
        if (kind != JsonTab)
        {
            if (!_drafts.TryGetValue(kind, out var draft))
            {
                _drafts[kind] = draft = RequestDraft.Defaults(kind);
            }

            Draft = draft;
        }

        (Errors, _tried) = ([], false);
        Preview();
    }

    /// <summary>The command line as you type; the messages beside the fields once you have tried to launch.</summary>
    public void Preview()
    {
        if (Kind == JsonTab || !Draft.Available)
        {
            return;
        }

        var (request, errors) = Draft.ToRequest();
        CommandLine = request is not null && errors.Count == 0 ? request.ToCommandLine() : null;
        if (_tried)
        {
            Errors = errors;
        }
    }

    /// <summary>The request to launch, not validated (the launcher checks it once: its folders, the request's rules, the
    /// lab's limits); null, with the messages set, when the fields or the JSON make no request.</summary>
    public ExperimentRequest? Submit()
    {
        ExperimentRequest? request;
        if (Kind == JsonTab)
        {
            try
            {
                (request, Errors) = (ExperimentJson.Deserialize(Json), []);
            }
            catch (RequestValidationException e)
            {
                (request, Errors) = (null, e.Errors);
            }
        }
        else
        {
            _tried = true;
            (request, Errors) = Draft.Build();
        }

        return request;
    }

    /// <summary>Correlate: the CSV file (a path on the server, or an upload saved there); its columns fill the two choices,
    /// keeping those chosen when the file has them.</summary>
    public void ChooseFile(string? file)
    {
        Draft.File = file?.Trim() ?? "";
        ReadColumns();
        Preview();
    }

    /// <summary>Correlate: the x (or y) column.</summary>
    public void ChooseColumn(bool x, string? column)
    {
        if (x)
        {
            Draft.X = column ?? "";
        }
        else
        {
            Draft.Y = column ?? "";
        }

        Preview();
    }

    /// <summary>What the launcher answered instead of launching: the rules broken on this server, or its refusal.</summary>
    public void Refuse(IReadOnlyList<RequestError> errors) => Errors = errors;

    private void Fill(ExperimentRequest? request, string json)
    {
        if (request is null)
        {
            (Kind, Json) = (JsonTab, json);
            return;
        }

        Draft = RequestDraft.From(request);
        Kind = Draft.Kind;
        _drafts[Kind] = Draft;
    }

    private void ReadColumns()
    {
        Columns = [];
        try
        {
            if (Draft.File.Length > 0 && System.IO.File.Exists(Draft.File))
            {
                using var reader = new StreamReader(Draft.File);
                Columns = reader.ReadLine() is { } header ? Core.CsvLine.Split(header) : [];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            FileMessage = $"Cannot read '{Draft.File}': {e.Message}";
        }

        if (Columns.Count > 0)
        {
            Draft.X = Columns.Contains(Draft.X) ? Draft.X : Columns[0];
            Draft.Y = Columns.Contains(Draft.Y) ? Draft.Y : Columns[Math.Min(1, Columns.Count - 1)];
        }
    }

    private int Int(string name, int fallback) =>
        int.TryParse(Draft.Texts.GetValueOrDefault(name), CultureInfo.InvariantCulture, out int v) && v > 0 && v <= 4096 ? v : fallback;
}
