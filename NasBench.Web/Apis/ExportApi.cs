using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NasBench.Web.Account;
using NasBench.Web.Data;
using NasBench.Web.Jobs;

namespace NasBench.Web.Apis;

/// <summary>
/// Experiments moved between lab servers (<see cref="ExperimentExport"/>):
/// <code>
/// GET  /api/experiments/{id}/export         → ExportDocument, 404, 413 over NasBench:Limits:MaxExportBytes
/// GET  /api/experiments/export?ids=1,2      → ExportDocument[] (each id once), 400 over MaxExportExperiments, 404, 413
/// POST /api/experiments/import  (Member)    a document or an array → {"ids"}, 400 naming the document, 507 (disk full)
/// </code>
/// </summary>
public static class ExportApi
{
    /// <summary>The answer to an import: the new experiments' ids, in the documents' order.</summary>
    public sealed record Imported(IReadOnlyList<long> Ids);

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/experiments").RequireAuthorization();
        api.MapGet("/{id:long}/export", ExportOneAsync);
        api.MapGet("/export", ExportManyAsync);
        api.MapPost("/import", ImportAsync).RequireAuthorization(LabRoles.LaunchPolicy);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportOneAsync(long id, IDbContextFactory<LabDbContext> contexts,
        IOptions<LabLimitsOptions> limits)
    {
        await using var db = await contexts.CreateDbContextAsync();
        if (TooLarge([id], limits.Value.MaxExportBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        if (await ExperimentExport.ExportAsync(db, id) is not { } doc)
        {
            return ApiProblems.NoExperiment(id);
        }

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(doc, JsonSerializerOptions.Web);
        return json.Length > limits.Value.MaxExportBytes ? TooLargeProblem(json.Length, limits.Value.MaxExportBytes) : TypedResults.Bytes(json, "application/json");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportManyAsync(string? ids, IDbContextFactory<LabDbContext> contexts,
        IOptions<LabLimitsOptions> limits)
    {
        await using var db = await contexts.CreateDbContextAsync();
        // Each experiment once, and at most MaxExportExperiments of them: an id repeated a thousand times is one document.
        var parts = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (parts.Count > limits.Value.MaxExportExperiments)
        {
            return ApiProblems.Status(StatusCodes.Status400BadRequest,
                $"An export holds at most {limits.Value.MaxExportExperiments} experiments (got {parts.Count}; NasBench:Limits:MaxExportExperiments).");
        }

        var unique = parts.Select(p => long.TryParse(p, out long n) ? n.ToString(CultureInfo.InvariantCulture) : p).Distinct(StringComparer.Ordinal).ToList();
        if (unique.FirstOrDefault(p => !long.TryParse(p, out _)) is { } bad)
        {
            return ApiProblems.Status(StatusCodes.Status404NotFound, $"No experiment '{bad}'.");
        }

        // And at most MaxExportBytes: the files (the bulk, base64 in the answer) are measured on disk before anything is
        // read, then each document as it is serialized; the first that passes the cap ends the export with 413.
        var numbers = unique.Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToList();
        long max = limits.Value.MaxExportBytes;
        if (TooLarge(numbers, max) is { } tooLarge)
        {
            return tooLarge;
        }

        var answer = new MemoryStream();
        answer.WriteByte((byte)'[');
        foreach (long id in numbers)
        {
            if (await ExperimentExport.ExportAsync(db, id) is not { } doc)
            {
                return ApiProblems.Status(StatusCodes.Status404NotFound, $"No experiment '{id}'.");
            }

            byte[] json = JsonSerializer.SerializeToUtf8Bytes(doc, JsonSerializerOptions.Web);
            // What the answer would hold with this document: a comma before it unless it is the first, the closing ']'.
            long needed = answer.Length + (answer.Length > 1 ? 1 : 0) + json.Length + 1;
            if (needed > max)
            {
                return TooLargeProblem(needed, max);
            }

            if (answer.Length > 1)
            {
                answer.WriteByte((byte)',');
            }

            answer.Write(json);
        }

        answer.WriteByte((byte)']');
        return TypedResults.Bytes(answer.GetBuffer().AsMemory(0, (int)answer.Length), "application/json");
    }

    /// <summary>413 when the files of <paramref name="ids"/> alone (base64: 4/3 of their bytes) pass <paramref name="max"/>
    /// bytes; null when they fit.</summary>
    private static ProblemHttpResult? TooLarge(IEnumerable<long> ids, long max)
    {
        double bytes = ids.Sum(id => ExperimentFiles.List(id).Sum(f => (double)f.Size) * 4 / 3);
        return bytes > max ? TooLargeProblem((long)bytes, max) : null;
    }

    private static ProblemHttpResult TooLargeProblem(long bytes, long max) =>
        ApiProblems.Status(StatusCodes.Status413PayloadTooLarge,
            $"This export would hold at least {bytes:N0} bytes; this lab answers at most {max:N0} bytes per export (NasBench:Limits:MaxExportBytes). " +
                "Export fewer experiments at once.");

    private static async Task<Results<Ok<Imported>, ValidationProblem>> ImportAsync(HttpRequest http, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts,
        ExperimentLauncher launcher, DiskSpace disk)
    {
        // Before the body is read: a full disk stores nothing (507).
        disk.ThrowIfFull();
        List<ExportDocument> docs;
        // The body is read into a plain (unpooled) buffer and deserialized from it: parsing a large body as a JsonElement
        // or with DeserializeAsync rents buffers of its size from the shared ArrayPool, which keeps them (measured: +1.6 GB
        // after fifteen 25 MB imports; flat this way).
        var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        try
        {
            int first = body.Span.IndexOfAnyExcept(" \t\r\n"u8);
            docs = first >= 0 && body.Span[first] == (byte)'['
                ? JsonSerializer.Deserialize<List<ExportDocument>>(body.Span, JsonSerializerOptions.Web) ?? []
                : [JsonSerializer.Deserialize<ExportDocument>(body.Span, JsonSerializerOptions.Web)!];
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return ApiProblems.Field("body", $"Not an export document: {e.Message}");
        }

        foreach (var (doc, i) in docs.Select((d, i) => (d, i)))
        {
            if ((ExperimentExport.Problem(doc) ?? ExperimentExport.RequestProblem(doc.Experiment, r => launcher.Check(r).Errors)) is { } problem)
            {
                return ApiProblems.Field($"[{i}]", problem);
            }
        }

        // An untrusted document: the importer owns what it imports; the owner it names is kept as provenance only.
        var ids = new List<long>();
        foreach (var (doc, i) in docs.Select((d, i) => (d, i)))
        {
            try
            {
                ids.Add(await ExperimentExport.ImportAsync(contexts, doc, user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.Identity?.Name ?? "?"));
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                // Duplicate natural keys (two rows for one run, epoch or cell) or values the columns refuse: the document's fault.
                return ApiProblems.Field($"[{i}]", $"Rows the lab cannot store (duplicate keys or missing values): {e.InnerException?.Message ?? e.Message}");
            }

            await AuditLog.WriteAsync(contexts, user.Identity?.Name, "imported", ids[^1], $"exported as #{doc.Experiment.Id} by {doc.Experiment.Owner}");
        }

        return TypedResults.Ok(new Imported(ids));
    }
}
