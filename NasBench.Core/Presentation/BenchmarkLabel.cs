using System.Text.Json;

namespace NasBench.Core.Presentation;

/// <summary>
/// The benchmark an experiment ran on, as pages name it. The job records the benchmark it opened
/// (<c>Experiment.BenchmarkSource</c>); a runner that opens its own (a transfer study reads the store for its cells'
/// CIFAR-10 accuracies) leaves that empty, so the request says it instead: its <c>store</c>, <c>records</c> or
/// <c>synthetic</c> option, else the default store as this server resolves it now.
/// </summary>
public static class BenchmarkLabel
{
    /// <summary>What is shown when neither the run nor the request names a benchmark (an unreadable request).</summary>
    public const string Unknown = "not recorded (the request names no benchmark)";

    /// <summary>
    /// <paramref name="recorded"/> when the run recorded one; else the request's source, marked "from the request";
    /// "none …" for kinds that use no benchmark (a training of one cell, a correlation of a CSV file).
    /// </summary>
    public static string Of(string? recorded, string kind, string? requestJson)
    {
        if (!string.IsNullOrWhiteSpace(recorded))
        {
            return recorded;
        }

        if (kind == "training")
        {
            return "none (a training of one cell)";
        }

        if (kind == "correlate")
        {
            return "none (a correlation of a CSV file)";
        }

        if (!TryRead(requestJson, out var request))
        {
            return Unknown;
        }

        if (request.TryGetProperty("synthetic", out var synthetic) && synthetic.ValueKind == JsonValueKind.True)
        {
            int seed = request.TryGetProperty("syntheticSeed", out var s) && s.TryGetInt32(out int v) ? v : 0;
            return $"synthetic seed {seed} (from the request; not recorded by the run)";
        }

        if (Text(request, "records") is { } records)
        {
            return $"{records} (records, from the request; not recorded by the run)";
        }

        return Text(request, "store") is { } store
            ? $"{store} (from the request; not recorded by the run)"
            : $"{NasBenchPaths.DefaultStorePath} (the default store as this server resolves it now; not recorded by the run)";
    }

    private static bool TryRead(string? json, out JsonElement request)
    {
        request = default;
        if (string.IsNullOrWhiteSpace(json))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            request = document.RootElement.Clone();
            return request.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;
}
