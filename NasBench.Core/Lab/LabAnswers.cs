namespace NasBench.Core.Lab;

/// <summary>202 to POST /api/experiments: the new experiment and its page.</summary>
public sealed record ExperimentLaunched(long Id, string Url);

/// <summary>202 to POST /api/experiments/{id}/cancel (<see cref="Status"/> is <see cref="Requested"/>).</summary>
public sealed record CancelAnswer(long Id, string Status)
{
    /// <summary>The only status a cancel answers: the run stops at its next check.</summary>
    public const string Requested = "cancel requested";
}

/// <summary>201 to POST /api/uploads: the server path to use as a request's path option, the stored name and its size.</summary>
public sealed record Upload(string Path, string Name, long Size);

/// <summary>
/// An error answer (RFC 7807 problem details, as ASP.NET Core writes them): <see cref="Errors"/> holds a validation
/// problem's broken rules by field (the request's JSON field names).
/// </summary>
public sealed record LabProblem(string? Type, string? Title, int? Status, string? Detail, IReadOnlyDictionary<string, string[]>? Errors);
