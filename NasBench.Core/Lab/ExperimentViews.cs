using NasBench.Core.Options;
using System.Text.Json;

namespace NasBench.Core.Lab;

/// <summary>An experiment in a list (GET /api/experiments). <see cref="Kind"/> is one of
/// <see cref="Experiments.ExperimentKinds"/>, <see cref="Status"/> one of <see cref="ExperimentStates"/>.</summary>
public sealed record ExperimentSummary(long Id, string Kind, string Name, string Owner, string Status, double Progress, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Attempts, string? Worker, bool Synthetic, string Url);

/// <summary>The benchmark an experiment ran on.</summary>
public sealed record ExperimentBenchmark(string? Source, string? Sha256, bool Synthetic);

/// <summary>One experiment (GET /api/experiments/{id}) with its request (the CLI's options, as stored), the equivalent
/// command line and how it ended.</summary>
public sealed record ExperimentDetail(long Id, string Kind, string Name, string Owner, string Status, double Progress, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error, int Attempts, string? Worker, string Queue,
    bool CancelRequested, bool Partial, IReadOnlyList<string> Notes, JsonElement Request, string CommandLine, ExperimentBenchmark Benchmark, string Url,
    string? Device);

/// <summary>A file of an experiment (GET /api/experiments/{id}/files): the file the CLI's --out folder would hold.</summary>
public sealed record ExperimentFile(string Name, long Size, string ContentType, string Url);

/// <summary>One page of a list.</summary>
public sealed record Page<T>(int Total, IReadOnlyList<T> Items);
