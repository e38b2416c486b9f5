using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasBench.Core;

/// <summary>
/// The one JSON style of results (what the CLI prints and the files experiments write: result.json, correlate.json):
/// snake_case names (the reference's field names), nulls left out, no escaping of '+' or non-ASCII, one object per
/// line; <see cref="Pretty"/> indents it for people. Requests have their own camelCase form (ExperimentJson).
/// </summary>
public static class ResultJson
{
    /// <summary>One object per line.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>Indented (the CLI's --pretty).</summary>
    public static JsonSerializerOptions Pretty { get; } = Create(indented: true);

    /// <summary>For Utf8JsonWriter (code that writes field by field).</summary>
    public static JsonWriterOptions WriterOptions(bool pretty) => new() { Indented = pretty, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = indented,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
