using NasBench.Core.Options;
using Microsoft.AspNetCore.Identity;

namespace NasBench.Web.Data;

/// <summary>A member of the lab (ASP.NET Core Identity user).</summary>
public sealed class LabUser : IdentityUser;

/// <summary>One experiment: its request (the CLI's options as JSON), where it stands, and who launched it.</summary>
public sealed class Experiment
{
    private string _requestJson = "";
    private ParsedRequest? _request;

    public long Id { get; set; }
    public required string Kind { get; set; }
    public required string Name { get; set; }
    public required string OwnerId { get; set; }
    public required string Owner { get; set; }
    public string Status { get; set; } = ExperimentStates.Queued;
    public required string RequestJson
    {
        get => _requestJson;
        set => (_requestJson, _request) = (value, null);
    }

    /// <summary>The stored request, parsed once per loaded row (pages, the API and publishing read it several times per
    /// load); null when its kind is not one this server knows (an old or newer lab's row: the page still shows the JSON).</summary>
    /// <remarks>Every reader of a loaded row takes its request from here (or from <see cref="ValidRequest"/>), never from
    /// <see cref="RequestJson"/>: the page, its components, the job, the API and publishing share this one parse.</remarks>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped, System.Text.Json.Serialization.JsonIgnore]
    public NasBench.Core.Experiments.ExperimentRequest? Request => Parsed.Request;

    /// <summary>The stored request (the same parse as <see cref="Request"/>), or the reason it does not parse here (its
    /// kind unknown to this server, a rule broken), thrown as the <see cref="RequestValidationException"/> it was.</summary>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped, System.Text.Json.Serialization.JsonIgnore]
    public NasBench.Core.Experiments.ExperimentRequest ValidRequest => Parsed.Request ?? throw Parsed.Error!;

    private ParsedRequest Parsed => _request ??= Parse(_requestJson);

    public required string CommandLine { get; set; }
    public string Queue { get; set; } = "cpu";
    public double Progress { get; set; }
    public string? ProgressMessage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }
    public string? BenchmarkSource { get; set; }
    public string? BenchmarkSha256 { get; set; }
    public bool Synthetic { get; set; }
    public bool Partial { get; set; }
    public string? Notes { get; set; }
    public string? JobId { get; set; }
    public int Attempts { get; set; }
    public string? Worker { get; set; }

    /// <summary>The worker instance (<see cref="LabWorker.Id"/>) that holds the current attempt: the lease a stale job
    /// or a worker declared dead checks before it writes.</summary>
    public string? WorkerId { get; set; }

    /// <summary>What it ran on ("cpu", "cuda:0 NVIDIA H200").</summary>
    public string? Device { get; set; }
    public bool CancelRequested { get; set; }

    /// <summary>The experiment this one re-runs (Re-run, Re-run with a seed, Edit and re-run); null for a fresh launch.</summary>
    public long? RerunOf { get; set; }

    /// <summary>The group (<see cref="ExperimentGroup"/>) of a preset launched as one: its experiments share this id.</summary>
    public long? GroupId { get; set; }

    private static ParsedRequest Parse(string json)
    {
        try
        {
            return new(NasBench.Core.Experiments.ExperimentJson.Deserialize(json), null);
        }
        catch (RequestValidationException e)
        {
            return new(null, e);
        }
    }

    private sealed record ParsedRequest(NasBench.Core.Experiments.ExperimentRequest? Request, RequestValidationException? Error);
}

/// <summary>Experiments launched together by one preset (the seed paper, Fig. 7, the 150-query table): the gathering
/// page /experiments/groups/{id} shows them side by side.</summary>
public sealed class ExperimentGroup
{
    public long Id { get; set; }

    /// <summary>The preset's name (ExperimentPresets.Names), so the page can say again what it reproduces.</summary>
    public required string Preset { get; set; }
    public required string Title { get; set; }
    public required string OwnerId { get; set; }
    public required string Owner { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One run of a search or comparison (key: experiment, configuration, run).</summary>
public sealed class SearchRun
{
    public long ExperimentId { get; set; }
    public int Configuration { get; set; }
    public int Run { get; set; }
    public required string Algorithm { get; set; }
    public bool Completed { get; set; }
    public long Steps { get; set; }
    public double? FinalTestAccuracy { get; set; }
    public double? FinalTestRegret { get; set; }
}

/// <summary>One point of a run's trajectory (natural key: experiment, configuration, run, step; <see cref="Id"/> orders
/// rows as written, so pages read only the rows after the last one they have).</summary>
public sealed class TrajectoryPoint
{
    public long Id { get; set; }
    public long ExperimentId { get; set; }
    public int Configuration { get; set; }
    public int Run { get; set; }
    public long Step { get; set; }
    public int CellsExplored { get; set; }
    public double SimulatedSeconds { get; set; }
    public double WallClockSeconds { get; set; }
    public required string IncumbentHash { get; set; }
    public double ValidationAccuracy { get; set; }
    public double TestAccuracy { get; set; }
    public double MeanTestAccuracy { get; set; }
    public double TestRegret { get; set; }

    /// <summary>The point as Core's <see cref="NasBench.Core.Progress.SearchProgress"/> (the incumbent's cell index is not stored: -1).</summary>
    public NasBench.Core.Progress.SearchProgress ToProgress() => new(Step, CellsExplored, SimulatedSeconds, WallClockSeconds, -1,
        NasBench.Core.SearchSpace.CellHash.TryParse(IncumbentHash, out var hash) ? hash : default, ValidationAccuracy, TestAccuracy, MeanTestAccuracy, TestRegret);
}

/// <summary>One finished epoch of a training (key: experiment, training, epoch).</summary>
public sealed class TrainingEpochRow
{
    public long ExperimentId { get; set; }
    public int Training { get; set; }
    public int Epoch { get; set; }
    public int Epochs { get; set; }
    public double TrainLoss { get; set; }
    public double TrainAccuracy { get; set; }
    public double? ValidationAccuracy { get; set; }
    public double TestAccuracy { get; set; }
    public double Seconds { get; set; }
}

/// <summary>One (downsampled) optimizer step of a training (key: experiment, training, epoch, step).</summary>
public sealed class TrainingStepRow
{
    public long ExperimentId { get; set; }
    public int Training { get; set; }
    public int Epoch { get; set; }
    public int Step { get; set; }
    public int StepsPerEpoch { get; set; }
    public int TotalSteps { get; set; }
    public double Loss { get; set; }
    public double LearningRate { get; set; }
    public double ImagesPerSecond { get; set; }
}

/// <summary>One trained cell of a transfer study (key: experiment, index).</summary>
public sealed class TrainedCellRow
{
    public long ExperimentId { get; set; }
    public int Index { get; set; }
    public required string Hash { get; set; }
    public required string Adjacency { get; set; }
    public required string Operations { get; set; }
    public long TrainableParameters { get; set; }
    public double TrainAccuracy { get; set; }
    public double? ValidationAccuracy { get; set; }
    public double TestAccuracy { get; set; }
    public double Seconds { get; set; }
}

/// <summary>A file of an experiment (the bytes live under the data folder's experiments/&lt;id&gt;/; key: experiment, name).</summary>
public sealed class ArtifactRow
{
    public long ExperimentId { get; set; }
    public required string Name { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public DateTimeOffset WrittenAt { get; set; }
}

/// <summary>A personal access token (only its SHA-256 is stored).</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
