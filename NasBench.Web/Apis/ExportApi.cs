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
        api.MapGet("/{id:long}/export", async (long id, IDbContextFactory<LabDbContext> contexts) =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            return await ExportAsync(db, id) is { } doc ? Results.Json(doc, JsonSerializerOptions.Web) : Results.Problem(statusCode: 404, title: $"No experiment {id}.");
        });
        api.MapGet("/export", async (string? ids, IDbContextFactory<LabDbContext> contexts) =>
        {
            var list = new List<ExportDocument>();
            await using var db = await contexts.CreateDbContextAsync();
            foreach (string part in (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(1000))
            {
                if (!long.TryParse(part, out long id) || await ExportAsync(db, id) is not { } doc)
                {
                    return Results.Problem(statusCode: 404, title: $"No experiment '{part}'.");
                }

                list.Add(doc);
            }

            return Results.Json(list, JsonSerializerOptions.Web);
        });
        api.MapPost("/import", ImportAsync).RequireAuthorization(LabRoles.LaunchPolicy);
        return app;
    }

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

    private static async Task<IResult> ImportAsync(HttpRequest http, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts)
    {
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
            if (Problem(doc) is { } problem)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [$"[{i}]"] = [problem] });
            }
        }

        var ids = new List<long>();
        foreach (var doc in docs)
        {
            ids.Add(await ImportOneAsync(contexts, doc, user.FindFirstValue(ClaimTypes.NameIdentifier)!));
            await AuditLog.WriteAsync(contexts, user.Identity?.Name, "imported", ids[^1], $"exported as #{doc.Experiment.Id}");
        }

        return Results.Ok(new { ids });
    }

    private static string? Problem(ExportDocument? doc)
    {
        if (doc?.Experiment is null || doc.Format != ExportDocument.CurrentFormat)
        {
            return $"\"format\" must be {ExportDocument.CurrentFormat} with an \"experiment\".";
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

    private static async Task<long> ImportOneAsync(IDbContextFactory<LabDbContext> contexts, ExportDocument doc, string ownerId)
    {
        var x = doc.Experiment;
        bool final = ExperimentStates.IsFinal(x.Status);
        var e = new Experiment
        {
            Kind = x.Kind, Name = x.Name, OwnerId = ownerId, Owner = x.Owner, Status = final ? x.Status : ExperimentStates.Cancelled,
            RequestJson = x.Request.GetRawText(), CommandLine = x.CommandLine, Queue = x.Queue, Progress = x.Progress, ProgressMessage = x.ProgressMessage,
            CreatedAt = x.CreatedAt, StartedAt = x.StartedAt, FinishedAt = x.FinishedAt ?? (final ? null : DateTimeOffset.UtcNow), Error = x.Error,
            BenchmarkSource = x.BenchmarkSource, BenchmarkSha256 = x.BenchmarkSha256, Synthetic = x.Synthetic, Partial = x.Partial || !final,
            Notes = x.Notes, Attempts = x.Attempts,
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
