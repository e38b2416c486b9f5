using System.Text.Json;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>An experiment in a list.</summary>
public sealed record ExperimentSummary(long Id, string Kind, string Name, string Owner, string Status, double Progress, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Attempts, string? Worker, bool Synthetic, string Url)
{
    public static ExperimentSummary Of(Experiment e) => new(e.Id, e.Kind, e.Name, e.Owner, e.Status, e.Progress, e.ProgressMessage, e.CreatedAt,
        e.StartedAt, e.FinishedAt, e.Attempts, e.Worker, e.Synthetic, $"/experiments/{e.Id}");
}

/// <summary>The benchmark an experiment ran on.</summary>
public sealed record ExperimentBenchmark(string? Source, string? Sha256, bool Synthetic);

/// <summary>One experiment with its request (the CLI's options), the equivalent command line and how it ended.</summary>
public sealed record ExperimentDetail(long Id, string Kind, string Name, string Owner, string Status, double Progress, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error, int Attempts, string? Worker, string Queue,
    bool CancelRequested, bool Partial, IReadOnlyList<string> Notes, JsonElement Request, string CommandLine, ExperimentBenchmark Benchmark, string Url,
    string? Device)
{
    public static ExperimentDetail Of(Experiment e)
    {
        using var request = JsonDocument.Parse(e.RequestJson);
        return new(e.Id, e.Kind, e.Name, e.Owner, e.Status, e.Progress, e.ProgressMessage, e.CreatedAt, e.StartedAt, e.FinishedAt, e.Error,
            e.Attempts, e.Worker, e.Queue, e.CancelRequested, e.Partial, string.IsNullOrEmpty(e.Notes) ? [] : e.Notes.Split('\n'),
            request.RootElement.Clone(), e.CommandLine, new ExperimentBenchmark(e.BenchmarkSource, e.BenchmarkSha256, e.Synthetic), $"/experiments/{e.Id}", e.Device);
    }
}

/// <summary>A file of an experiment.</summary>
public sealed record ExperimentFile(string Name, long Size, string ContentType, string Url);

/// <summary>One page of a list.</summary>
public sealed record Page<T>(int Total, IReadOnlyList<T> Items);
