using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace NasBench.Core.Experiments;

/// <summary>
/// JSON of requests: <c>{"kind": "search", "algorithm": "evolution", "simulatedSeconds": 5e6, …}</c>. Kinds from other
/// assemblies (NasBench.Training's <c>training</c> and <c>transfer</c>) register themselves; unknown kinds, unknown
/// properties and wrong types are errors that name the property.
/// </summary>
public static class ExperimentJson
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Type> Kinds = new(StringComparer.Ordinal);
    private static JsonSerializerOptions? _options;

    static ExperimentJson()
    {
        Register<SearchRequest>("search");
        Register<CompareRequest>("compare");
        Register<DistanceRequest>("distance");
        Register<CellsRequest>("cells");
        Register<CorrelateRequest>("correlate");
    }

    /// <summary>The kinds known so far, in registration order of their names.</summary>
    public static IReadOnlyCollection<string> KnownKinds
    {
        get
        {
            lock (Gate)
            {
                return [.. Kinds.Keys];
            }
        }
    }

    /// <summary>Adds a request type under its kind (idempotent).</summary>
    public static void Register<TRequest>(string kind)
        where TRequest : ExperimentRequest
    {
        lock (Gate)
        {
            Kinds[kind] = typeof(TRequest);
            _options = null;
        }
    }

    /// <summary>camelCase, strict (unknown members are errors), enums as camelCase strings, nulls omitted.</summary>
    public static JsonSerializerOptions Options
    {
        get
        {
            lock (Gate)
            {
                return _options ??= Build();
            }
        }
    }

    public static string Serialize(ExperimentRequest request) => JsonSerializer.Serialize(request, Options);

    /// <summary>Reads a request; malformed JSON, a missing or unknown kind, or a wrong type is a <see cref="RequestValidationException"/> naming the field.</summary>
    public static ExperimentRequest Deserialize(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RequestValidationException([new RequestError("kind", "The request must be a JSON object with a \"kind\".")]);
            }

            if (!document.RootElement.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
            {
                throw new RequestValidationException([new RequestError("kind", $"\"kind\" is required: one of {string.Join(", ", KnownKinds)}.")]);
            }

            if (!KnownKinds.Contains(kind.GetString()))
            {
                throw new RequestValidationException([new RequestError("kind", $"Unknown kind '{kind.GetString()}': use one of {string.Join(", ", KnownKinds)}.")]);
            }

            return JsonSerializer.Deserialize<ExperimentRequest>(json, Options)
                ?? throw new RequestValidationException([new RequestError("kind", "The request is empty.")]);
        }
        catch (JsonException e)
        {
            string field = e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : string.Empty;
            string what = e.Message.Split(" Path:", 2)[0];
            throw new RequestValidationException([new RequestError(field, string.IsNullOrEmpty(field) ? $"Not valid JSON: {what}" : $"\"{field}\": {what}")]);
        }
    }

    private static JsonSerializerOptions Build()
    {
        var kinds = Kinds.ToArray();
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type != typeof(ExperimentRequest))
            {
                return;
            }

            info.PolymorphismOptions = new JsonPolymorphismOptions
            {
                TypeDiscriminatorPropertyName = "kind",
                UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
                IgnoreUnrecognizedTypeDiscriminators = false,
            };
            foreach (var (name, type) in kinds)
            {
                info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
            }
        });
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = resolver,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}
