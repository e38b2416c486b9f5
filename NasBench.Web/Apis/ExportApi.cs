using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>
/// GET /api/experiments/{id}/export (and /api/experiments/export?ids=1,2 for a selection) → <see cref="ExportDocument"/>;
/// POST /api/experiments/import (a document or an array, Member or Admin) → {"ids"}: new rows, the same result rows and
/// byte-identical files, so the pages are the same on the other server. An experiment exported before it ended is imported
/// as cancelled and partial (no job comes with it).
/// </summary>
public static class ExportApi
{
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/experiments").RequireAuthorization();
        api.MapGet("/{id:long}/export", async (long id, IDbContextFactory<LabDbContext> contexts, Microsoft.Extensions.Options.IOptions<Account.LabLimitsOptions> limits) =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            if (TooLarge([id], 0, limits.Value.MaxExportBytes) is { } tooLarge)
            {
                return tooLarge;
            }

            if (await ExportAsync(db, id) is not { } doc)
            {
                return Results.Problem(statusCode: 404, title: $"No experiment {id}.");
            }

            byte[] json = JsonSerializer.SerializeToUtf8Bytes(doc, JsonSerializerOptions.Web);
            return json.Length > limits.Value.MaxExportBytes ? TooLargeProblem(json.Length, limits.Value.MaxExportBytes) : Results.Bytes(json, "application/json");
        });
        api.MapGet("/export", async (string? ids, IDbContextFactory<LabDbContext> contexts, Microsoft.Extensions.Options.IOptions<Account.LabLimitsOptions> limits) =>
        {
            var list = new List<ExportDocument>();
            await using var db = await contexts.CreateDbContextAsync();
            // Each experiment once, and at most MaxExportExperiments of them: an id repeated a thousand times is one document.
            var parts = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            if (parts.Count > limits.Value.MaxExportExperiments)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: $"An export holds at most {limits.Value.MaxExportExperiments} experiments (got {parts.Count}; NasBench:Limits:MaxExportExperiments).");
            }

            var unique = parts.Select(p => long.TryParse(p, out long n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : p).Distinct(StringComparer.Ordinal).ToList();
            if (unique.FirstOrDefault(p => !long.TryParse(p, out _)) is { } bad)
            {
                return Results.Problem(statusCode: 404, title: $"No experiment '{bad}'.");
            }

            // And at most MaxExportBytes: the files (the bulk, base64 in the answer) are measured on disk before anything is
            // read, then each document as it is serialized; the first that passes the cap ends the export with 413.
            var ids2 = unique.Select(p => long.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            long max = limits.Value.MaxExportBytes;
            if (TooLarge(ids2, 0, max) is { } tooLarge)
            {
                return tooLarge;
            }

            var answer = new MemoryStream();
            answer.WriteByte((byte)'[');
            foreach (long id in ids2)
            {
                if (await ExportAsync(db, id) is not { } doc)
                {
                    return Results.Problem(statusCode: 404, title: $"No experiment '{id}'.");
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
            return Results.Bytes(answer.GetBuffer().AsMemory(0, (int)answer.Length), "application/json");
        });
        api.MapPost("/import", ImportAsync).RequireAuthorization(LabRoles.LaunchPolicy);
        return app;
    }

    /// <summary>413 when the files of <paramref name="ids"/> alone (base64: 4/3 of their bytes) plus <paramref name="already"/>
    /// pass <paramref name="max"/> bytes; null when they fit.</summary>
    private static IResult? TooLarge(IEnumerable<long> ids, long already, long max)
    {
        double bytes = already + ids.Sum(id => ExperimentsApi.ListFiles(id).Sum(f => (double)f.Size) * 4 / 3);
        return bytes > max ? TooLargeProblem((long)bytes, max) : null;
    }

    private static IResult TooLargeProblem(long bytes, long max) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
            title: $"This export would hold at least {bytes:N0} bytes; this lab answers at most {max:N0} bytes per export (NasBench:Limits:MaxExportBytes). " +
                "Export fewer experiments at once.");

    public static async Task<ExportDocument?> ExportAsync(LabDbContext db, long id)
    {
        ArgumentNullException.ThrowIfNull(db);
        var e = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (e is null)
        {
            return null;
        }

        var files = ExperimentsApi.ListFiles(id).Select(f =>
        {
            byte[] bytes = File.ReadAllBytes(LabPaths.ExperimentFile(id, f.Name)!);
            return new ExportedFile(f.Name, Convert.ToHexStringLower(SHA256.HashData(bytes)), Convert.ToBase64String(bytes));
        }).ToList();
        return new ExportDocument(ExportDocument.CurrentFormat, ExportedExperiment.Of(e),
            await db.SearchRuns.AsNoTracking().Where(x => x.ExperimentId == id).OrderBy(x => x.Configuration).ThenBy(x => x.Run).ToListAsync(),
            await db.TrajectoryPoints.AsNoTracking().Where(x => x.ExperimentId == id).OrderBy(x => x.Id).ToListAsync(),
            await db.TrainingEpochs.AsNoTracking().Where(x => x.ExperimentId == id).OrderBy(x => x.Training).ThenBy(x => x.Epoch).ToListAsync(),
            await db.TrainingSteps.AsNoTracking().Where(x => x.ExperimentId == id).OrderBy(x => x.Training).ThenBy(x => x.Epoch).ThenBy(x => x.Step).ToListAsync(),
            await db.TrainedCells.AsNoTracking().Where(x => x.ExperimentId == id).OrderBy(x => x.Index).ToListAsync(),
            await db.Artifacts.AsNoTracking().Where(x => x.ExperimentId == id).OrderBy(x => x.Name).ToListAsync(),
            files);
    }

    private static async Task<IResult> ImportAsync(HttpRequest http, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts, Jobs.ExperimentLauncher launcher, Account.DiskSpace disk)
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
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Not an export document: {e.Message}"] });
        }

        foreach (var (doc, i) in docs.Select((d, i) => (d, i)))
        {
            if ((Problem(doc) ?? RequestProblem(doc.Experiment, launcher)) is { } problem)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [$"[{i}]"] = [problem] });
            }
        }

        // An untrusted document: the importer owns what it imports; the owner it names is kept as provenance only.
        var ids = new List<long>();
        foreach (var (doc, i) in docs.Select((d, i) => (d, i)))
        {
            try
            {
                ids.Add(await ImportOneAsync(contexts, doc, user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.Identity?.Name ?? "?"));
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                // Duplicate natural keys (two rows for one run, epoch or cell) or values the columns refuse: the document's fault.
                return Results.ValidationProblem(new Dictionary<string, string[]> { [$"[{i}]"] = [$"Rows the lab cannot store (duplicate keys or missing values): {e.InnerException?.Message ?? e.Message}"] });
            }

            await AuditLog.WriteAsync(contexts, user.Identity?.Name, "imported", ids[^1], $"exported as #{doc.Experiment.Id} by {doc.Experiment.Owner}");
        }

        return Results.Ok(new { ids });
    }

    private static string? Problem(ExportDocument? doc)
    {
        if (doc?.Experiment is null || doc.Format != ExportDocument.CurrentFormat)
        {
            return $"\"format\" must be {ExportDocument.CurrentFormat} with an \"experiment\".";
        }

        var x = doc.Experiment;
        if (string.IsNullOrWhiteSpace(x.Kind) || string.IsNullOrWhiteSpace(x.Name) || x.Name.Length > 200 || x.Name.Any(char.IsControl)
            || x.Status is null || !ExperimentStates.All.Contains(x.Status) || x.CommandLine is null || x.Queue is null)
        {
            return "\"experiment\" needs a kind, a name (at most 200 characters, no control characters), a status of " +
                $"{string.Join(", ", ExperimentStates.All)}, a commandLine and a queue.";
        }

        if ((doc.SearchRuns?.Contains(null!) ?? false) || (doc.Points?.Contains(null!) ?? false) || (doc.Epochs?.Contains(null!) ?? false)
            || (doc.Steps?.Contains(null!) ?? false) || (doc.Cells?.Contains(null!) ?? false) || (doc.Artifacts?.Contains(null!) ?? false) || (doc.Files?.Contains(null!) ?? false))
        {
            return "Rows and files must be objects, not null.";
        }

        foreach (var f in doc.Files ?? [])
        {
            if (LabPaths.ExperimentFile(1, f.Name) is null)
            {
                return $"Bad file name '{f.Name}'.";
            }

            try
            {
                if (Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(f.Base64))) != f.Sha256)
                {
                    return $"File '{f.Name}' does not match its SHA-256.";
                }
            }
            catch (FormatException)
            {
                return $"File '{f.Name}' is not base64.";
            }
        }

        return null;
    }

    /// <summary>The request as if it were launched here: an object of the document's kind that passes this lab's rules.</summary>
    private static string? RequestProblem(ExportedExperiment x, Jobs.ExperimentLauncher launcher)
    {
        if (x.Request.ValueKind != JsonValueKind.Object)
        {
            return $"\"experiment.request\" must be a request object (got {x.Request.ValueKind}).";
        }

        try
        {
            var request = NasBench.Core.Experiments.ExperimentJson.Deserialize(x.Request.GetRawText());
            if (request.Kind != x.Kind)
            {
                return $"\"experiment.request\" is a {request.Kind} request, but the experiment's kind is {x.Kind}.";
            }

            var errors = launcher.Validate(request);
            return errors.Count == 0 ? null : "\"experiment.request\": " + string.Join(" ", errors.Select(e => e.Message));
        }
        catch (Exception e) when (e is NasBench.Core.Options.RequestValidationException or JsonException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException or OverflowException)
        {
            return $"\"experiment.request\" is not a valid request: {e.Message}";
        }
    }

    private static async Task<long> ImportOneAsync(IDbContextFactory<LabDbContext> contexts, ExportDocument doc, string ownerId, string owner)
    {
        var x = doc.Experiment;
        bool final = ExperimentStates.IsFinal(x.Status);
        var e = new Experiment
        {
            Kind = x.Kind, Name = x.Name, OwnerId = ownerId, Owner = owner, Status = final ? x.Status : ExperimentStates.Cancelled,
            RequestJson = x.Request.GetRawText(), CommandLine = x.CommandLine, Queue = x.Queue, Progress = x.Progress, ProgressMessage = x.ProgressMessage,
            CreatedAt = x.CreatedAt, StartedAt = x.StartedAt, FinishedAt = x.FinishedAt ?? (final ? null : DateTimeOffset.UtcNow), Error = x.Error,
            BenchmarkSource = x.BenchmarkSource, BenchmarkSha256 = x.BenchmarkSha256, Synthetic = x.Synthetic, Partial = x.Partial || !final,
            Notes = $"Imported: experiment #{x.Id} of {x.Owner}." + (string.IsNullOrWhiteSpace(x.Notes) ? "" : "\n" + x.Notes), Attempts = x.Attempts,
        };
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Experiments.Add(e);
        await db.SaveChangesAsync();
        long id = e.Id;
        foreach (var r in doc.SearchRuns ?? []) r.ExperimentId = id;
        foreach (var r in doc.Points ?? []) (r.ExperimentId, r.Id) = (id, 0);
        foreach (var r in doc.Epochs ?? []) r.ExperimentId = id;
        foreach (var r in doc.Steps ?? []) r.ExperimentId = id;
        foreach (var r in doc.Cells ?? []) r.ExperimentId = id;
        foreach (var r in doc.Artifacts ?? []) r.ExperimentId = id;
        db.SearchRuns.AddRange(doc.SearchRuns ?? []);
        db.TrajectoryPoints.AddRange(doc.Points ?? []);
        db.TrainingEpochs.AddRange(doc.Epochs ?? []);
        db.TrainingSteps.AddRange(doc.Steps ?? []);
        db.TrainedCells.AddRange(doc.Cells ?? []);
        db.Artifacts.AddRange(doc.Artifacts ?? []);
        await db.SaveChangesAsync();
        string folder = LabPaths.ExperimentDirectory(id);
        Directory.CreateDirectory(folder);
        foreach (var f in doc.Files ?? [])
        {
            await File.WriteAllBytesAsync(LabPaths.ExperimentFile(id, f.Name)!, Convert.FromBase64String(f.Base64));
        }

        await transaction.CommitAsync();
        return id;
    }
}
