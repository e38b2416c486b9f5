using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>
/// Experiments moved between lab servers (<see cref="ExportDocument"/>): new rows, the same result rows and byte-identical
/// files, so the pages are the same on the other server. An experiment exported before it ended is imported as cancelled
/// and partial (no job comes with it).
/// </summary>
public static class ExperimentExport
{
    /// <summary>One experiment as a document: its row, every result row and every file; null when there is none.</summary>
    public static async Task<ExportDocument?> ExportAsync(LabDbContext db, long id)
    {
        ArgumentNullException.ThrowIfNull(db);
        var e = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (e is null)
        {
            return null;
        }

        var files = ExperimentFiles.List(id).Select(f =>
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

    /// <summary>What makes a document unfit to import (format, experiment fields, null rows, file names and SHA-256), or null.</summary>
    public static string? Problem(ExportDocument? doc)
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

    /// <summary>The request as if it were launched here (<paramref name="validate"/>: the launcher's rules): an object of the document's kind that passes this lab's rules.</summary>
    public static string? RequestProblem(ExportedExperiment x, Func<NasBench.Core.Experiments.ExperimentRequest, IReadOnlyList<NasBench.Core.Options.RequestError>> validate)
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

            var errors = validate(request);
            return errors.Count == 0 ? null : "\"experiment.request\": " + string.Join(" ", errors.Select(e => e.Message));
        }
        catch (Exception e) when (e is NasBench.Core.Options.RequestValidationException or JsonException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException or OverflowException)
        {
            return $"\"experiment.request\" is not a valid request: {e.Message}";
        }
    }

    /// <summary>Stores one checked document as a new experiment of <paramref name="owner"/>: its row, result rows and files, in one transaction.</summary>
    public static async Task<long> ImportAsync(IDbContextFactory<LabDbContext> contexts, ExportDocument doc, string ownerId, string owner)
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
