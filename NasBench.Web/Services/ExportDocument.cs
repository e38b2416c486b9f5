using NasBench.Core.Options;
using System.Text.Json;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>One experiment as moved between lab servers: its row, request, every result row and every file (base64).</summary>
public sealed record ExportDocument(
    string Format,
    ExportedExperiment Experiment,
    IReadOnlyList<SearchRun> SearchRuns,
    IReadOnlyList<TrajectoryPoint> Points,
    IReadOnlyList<TrainingEpochRow> Epochs,
    IReadOnlyList<TrainingStepRow> Steps,
    IReadOnlyList<TrainedCellRow> Cells,
    IReadOnlyList<ArtifactRow> Artifacts,
    IReadOnlyList<ExportedFile> Files)
{
    public const string CurrentFormat = "nasbench-lab-export/1";
}

/// <summary>The experiment row without its server-local parts (id, owner id, job id, worker).</summary>
public sealed record ExportedExperiment(long Id, string Kind, string Name, string Owner, string Status, JsonElement Request, string CommandLine, string Queue,
    double Progress, string? ProgressMessage, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error,
    string? BenchmarkSource, string? BenchmarkSha256, bool Synthetic, bool Partial, string? Notes, int Attempts)
{
    public static ExportedExperiment Of(Experiment e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var request = JsonDocument.Parse(e.RequestJson);
        return new(e.Id, e.Kind, e.Name, e.Owner, e.Status, request.RootElement.Clone(), e.CommandLine, e.Queue, e.Progress, e.ProgressMessage, e.CreatedAt,
            e.StartedAt, e.FinishedAt, e.Error, e.BenchmarkSource, e.BenchmarkSha256, e.Synthetic, e.Partial, e.Notes, e.Attempts);
    }
}

/// <summary>A file of the experiment folder: its bytes (base64) and SHA-256, checked on import.</summary>
public sealed record ExportedFile(string Name, string Sha256, string Base64);
