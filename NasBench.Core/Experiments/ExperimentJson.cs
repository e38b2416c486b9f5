using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NasBench.Core.Options;

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
        Register<SearchRequest>(ExperimentKinds.Search);
        Register<CompareRequest>(ExperimentKinds.Compare);
        Register<DistanceRequest>(ExperimentKinds.Distance);
        Register<CellsRequest>(ExperimentKinds.Cells);
        Register<CorrelateRequest>(ExperimentKinds.Correlate);
        Register<SessionRequest>(ExperimentKinds.Session);
        Register<BenchmarkSetupRequest>(ExperimentKinds.Benchmark);
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

    /// <summary>
    /// The request as JSON with its <c>kind</c> discriminator (what the lab server stores and the CLI's <c>--json</c> reads).
    /// </summary>
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
            string field = e.Path is { Length: > 2 } p ? p.TrimStart('$', '.').Split('[', '.')[0] : string.Empty;
            if (string.IsNullOrEmpty(field))
            {
                throw new RequestValidationException([new RequestError(field, $"The request is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).")]);
            }

            throw new RequestValidationException([new RequestError(field, Describe(json, field))]);
        }
    }

    /// <summary>"runs": expected a whole number (--runs) — from the property's type, never a .NET type name.</summary>
    private static string Describe(string json, string field)
    {
        Type? type = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            string kind = document.RootElement.GetProperty("kind").GetString()!;
            lock (Gate)
            {
                type = Kinds[kind];
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Falls through to the generic message.
        }

        var property = type?.GetProperties().FirstOrDefault(p => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(p.Name), field, StringComparison.Ordinal));
        var described = type is not null && typeof(SearchSettings).IsAssignableFrom(type) ? SearchSettings.Option(field)?.Description.ValueType : null;
        if ((described ?? property?.PropertyType) is not { } propertyType)
        {
            return $"\"{field}\" is not an option of this kind.";
        }

        var t = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        string expected = t == typeof(int) || t == typeof(long) ? "a whole number" + (t == typeof(int) ? " up to 2147483647" : string.Empty)
            : t == typeof(double) ? "a number"
            : t == typeof(bool) ? "true or false"
            : t == typeof(string) ? "a string"
            : t.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(t).Select(JsonNamingPolicy.CamelCase.ConvertName))
            : "a list of strings";
        return $"\"{field}\" must be {expected} ({RequestRules.Option(field)}).";
    }

    /// <summary>The order the flat options were written in before they were described (withoutReplacement came last);
    /// kept so that a request is stored byte for byte as before. Newer options follow in registry order.</summary>
    private static readonly string[] StoredOrder =
        ["sampler", "population", "tournament", "mutationRate", "exploration", "expandAllOps", "reuseEvaluations", "skipKnown",
         "firstImprovement", "continueAtMinimum", "startSamples", "withoutReplacement"];

    /// <summary>
    /// The algorithms' options as flat properties after <c>epochs</c> (<c>"population": 100</c>): the shape requests
    /// were stored in before options were nested, so every stored request and old export reads unchanged. Options
    /// described with <see cref="Core.Options.OptionDescription.OmitWhenDefault"/> are written only when set.
    /// </summary>
    private static void AddAlgorithmOptions(JsonTypeInfo info)
    {
        int at = info.Properties.Select((p, i) => (p, i)).FirstOrDefault(x => x.p.Name == "epochs").i + 1;
        var options = SearchSettings.Described.Where(o => o.Algorithm is not null)
            .OrderBy(o => Array.IndexOf(StoredOrder, o.Name) is var i && i >= 0 ? i : StoredOrder.Length);
        foreach (var option in options)
        {
            var entry = option.Algorithm!;
            var description = option.Description;
            var property = info.CreateJsonPropertyInfo(description.ValueType, description.Name);
            property.Get = request => option.Get((SearchSettings)request);
            property.Set = (request, value) => entry.SetWhileReading((SearchSettings)request,
                (Search.SearchAlgorithmOptions)description.With(entry.Get((SearchSettings)request), value));
            if (description.OmitWhenDefault)
            {
                property.ShouldSerialize = (_, value) => !Equals(value, description.Default);
            }

            info.Properties.Insert(at++, property);
        }
    }

    private static JsonSerializerOptions Build()
    {
        var kinds = Kinds.ToArray();
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Kind == JsonTypeInfoKind.Object && typeof(ExperimentRequest).IsAssignableFrom(info.Type) && info.Type != typeof(ExperimentRequest))
            {
                // Only the options are the request: computed properties (Kind, Source, Budget, …) are not serialised.
                for (int i = info.Properties.Count - 1; i >= 0; i--)
                {
                    if (info.Properties[i].Set is null)
                    {
                        info.Properties.RemoveAt(i);
                    }
                }
            }

            if (info.Kind == JsonTypeInfoKind.Object && typeof(SearchSettings).IsAssignableFrom(info.Type) && !info.Type.IsAbstract)
            {
                AddAlgorithmOptions(info);
            }

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
