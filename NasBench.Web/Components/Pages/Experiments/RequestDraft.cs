using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Web.Components.Shared;

namespace NasBench.Web.Components.Pages.Experiments;

/// <summary>
/// What a form holds for one kind, as text, and the request it makes. It starts from the request type's own JSON
/// (<c>{"kind": K}</c> read by <see cref="ExperimentJson"/>: the type's defaults) or from an earlier request (edit and
/// re-run); options the form has no field for are kept as they were. The request's Validate() gives the messages.
/// </summary>
public sealed class RequestDraft
{
    private readonly JsonObject _base;

    private RequestDraft(string kind, JsonObject json, bool available)
    {
        Kind = kind;
        Available = available;
        _base = json;
        foreach (var field in ExperimentForms.Of(kind))
        {
            var node = json[field.Name];
            switch (field.Type)
            {
                case FieldType.Flag:
                    Flags[field.Name] = node?.GetValue<bool>() ?? false;
                    break;
                case FieldType.Choices:
                    Chosen[field.Name] = node is JsonArray a ? [.. a.Select(x => x!.GetValue<string>())] : [];
                    break;
                default:
                    Texts[field.Name] = node is null ? field.DefaultText ?? "" : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
                    break;
            }
        }

        Source = json["synthetic"]?.GetValue<bool>() == true ? "synthetic" : json["records"] is not null ? "records" : "store";
        Path = (string?)json["records"] ?? (ExperimentForms.HasSource(kind) ? (string?)json["store"] : null) ?? "";
        SyntheticSeed = json["syntheticSeed"]?.GetValue<int>() ?? 0;
        File = (string?)json["file"] ?? "";
        X = (string?)json["x"] ?? "";
        Y = (string?)json["y"] ?? "";
        if ((string?)json["adjacency"] is { } adjacency)
        {
            Cell.Load(adjacency, (string?)json["operations"]);
        }
    }

    public string Kind { get; }

    /// <summary>False when this server does not know the kind (NasBench.Training not registered).</summary>
    public bool Available { get; }

    public Dictionary<string, string> Texts { get; } = [];

    public Dictionary<string, bool> Flags { get; } = [];

    public Dictionary<string, HashSet<string>> Chosen { get; } = [];

    /// <summary>store, records or synthetic.</summary>
    public string Source { get; set; }

    public string Path { get; set; }

    public int SyntheticSeed { get; set; }

    /// <summary>Correlate: the CSV file and its two columns.</summary>
    public string File { get; set; }

    public string X { get; set; }

    public string Y { get; set; }

    /// <summary>Training: the cell.</summary>
    public CellDraft Cell { get; } = new();

    /// <summary>A draft with the request type's defaults.</summary>
    public static RequestDraft Defaults(string kind)
    {
        try
        {
            var request = ExperimentJson.Deserialize($$"""{"kind":"{{kind}}"}""");
            return new RequestDraft(kind, Json(request), true);
        }
        catch (RequestValidationException)
        {
            return new RequestDraft(kind, new JsonObject { ["kind"] = kind }, false);
        }
    }

    /// <summary>A draft holding an earlier request (edit and re-run).</summary>
    public static RequestDraft From(ExperimentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RequestDraft(request.Kind, Json(request), true);
    }

    private static JsonObject Json(ExperimentRequest request) => JsonNode.Parse(ExperimentJson.Serialize(request))!.AsObject();

    /// <summary>The request the fields make and the request's own rules it breaks (the preview as you type), or the
    /// fields that are not numbers.</summary>
    public (ExperimentRequest? Request, IReadOnlyList<RequestError> Errors) ToRequest()
    {
        var (request, errors) = Build();
        return request is null ? (null, errors) : (request, request.Validate());
    }

    /// <summary>The request the fields make, not yet validated (a launch leaves that to the launcher's one check), or
    /// the fields that are not numbers and what the JSON reader refuses.</summary>
    public (ExperimentRequest? Request, IReadOnlyList<RequestError> Errors) Build()
    {
        var errors = new List<RequestError>();
        var json = _base.DeepClone().AsObject();
        json["kind"] = Kind;
        foreach (var field in ExperimentForms.Of(Kind))
        {
            json.Remove(field.Name);
            switch (field.Type)
            {
                case FieldType.Flag:
                    json[field.Name] = Flags.GetValueOrDefault(field.Name);
                    break;
                case FieldType.Choices:
                    json[field.Name] = new JsonArray([.. ExperimentForms.Of(Kind).First(f => f.Name == field.Name).Options!
                        .Where(Chosen.GetValueOrDefault(field.Name, []).Contains).Select(a => JsonValue.Create(a))]);
                    break;
                default:
                    if (Value(field, Texts.GetValueOrDefault(field.Name), errors) is { } value)
                    {
                        json[field.Name] = value;
                    }

                    break;
            }
        }

        if (ExperimentForms.HasSource(Kind))
        {
            string? path = string.IsNullOrWhiteSpace(Path) ? null : Path.Trim();
            json.Remove("store");
            json.Remove("records");
            json["synthetic"] = Source == "synthetic";
            json["syntheticSeed"] = Source == "synthetic" ? SyntheticSeed : 0;
            if (path is not null && Source is "store" or "records")
            {
                json[Source] = path;
            }
        }

        if (Kind == ExperimentKinds.Correlate)
        {
            Put(json, "file", File);
            Put(json, "x", X);
            Put(json, "y", Y);
        }

        if (Kind == ExperimentKinds.Training)
        {
            json["adjacency"] = Cell.Adjacency;
            json["operations"] = Cell.OperationsText;
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        try
        {
            return (ExperimentJson.Deserialize(json.ToJsonString()), []);
        }
        catch (RequestValidationException e)
        {
            return (null, e.Errors);
        }
    }

    private static void Put(JsonObject json, string name, string? text)
    {
        json.Remove(name);
        if (!string.IsNullOrWhiteSpace(text))
        {
            json[name] = text.Trim();
        }
    }

    private static JsonNode? Value(FormField field, string? text, List<RequestError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        bool integer = field.Type == FieldType.Integer || field.Whole;
        if (integer)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
            {
                return whole;
            }

            errors.Add(new RequestError(field.Name, $"{field.Option} must be a whole number (got '{text}')."));
            return null;
        }

        if (field.Type == FieldType.Number)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
            {
                return number;
            }

            errors.Add(new RequestError(field.Name, $"{field.Option} must be a number (got '{text}')."));
            return null;
        }

        return text;
    }
}
