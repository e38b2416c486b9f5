using System.Security.Cryptography;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>POST /api/uploads (Member): stores one file (multipart field <c>file</c>) under the data folder's uploads/ and
/// answers the server path to use as a request's path option (correlate's <c>file</c>, <c>records</c>), which lies in
/// the allowed folders by construction.</summary>
public static class UploadsApi
{
    /// <summary>The largest file accepted.</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>The answer: the server path, the stored name and its size.</summary>
    public sealed record Upload(string Path, string Name, long Size);

    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        // The form is read by hand, not bound to IFormFile: that binding would demand an antiforgery token, which API
        // clients with a Bearer token do not have (the sign-in cookie is SameSite=Lax, so other sites cannot post here).
        app.MapPost("/api/uploads", Receive).RequireAuthorization(LabRoles.LaunchPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBytes + (1 << 20)));
        return app;
    }

    /// <summary>Stores <paramref name="content"/> under uploads/&lt;random&gt;/&lt;safe name&gt; (pages use this for their upload control too).</summary>
    public static async Task<Upload> SaveAsync(Stream content, string? fileName, CancellationToken cancellationToken, string? ownerId = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        string name = SafeName(fileName);
        // A random folder per upload (under the owner's, for the quota): names never collide and a path cannot be guessed
        // from another member's file name.
        string folder = System.IO.Path.Combine([LabPaths.DataDirectory, "uploads", .. ownerId is null ? Array.Empty<string>() : [OwnerFolder(ownerId)],
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))]);
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(folder, name);
        string part = path + ".part";
        long size;
        try
        {
            await using (var file = File.Create(part))
            {
                await content.CopyToAsync(file, cancellationToken);
                size = file.Length;
            }

            File.Move(part, path);
        }
        catch
        {
            // A cut connection, a cancelled request or a full disk leaves no .part file (nor its folder) behind.
            File.Delete(part);
            Directory.Delete(folder);
            throw;
        }

        return new Upload(path, name, size);
    }

    /// <summary>The folder of one user's uploads: a hash of the id, not the id or email.</summary>
    private static string OwnerFolder(string ownerId) => "u" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ownerId)))[..16];

    /// <summary>Bytes a user's uploads hold now.</summary>
    public static long UsedBytes(string ownerId)
    {
        var folder = new DirectoryInfo(System.IO.Path.Combine(LabPaths.DataDirectory, "uploads", OwnerFolder(ownerId)));
        return folder.Exists ? folder.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
    }

    /// <summary>Deletes uploads older than <paramref name="days"/> (every user's): uploads are inputs to launch with, not storage.</summary>
    public static int Expire(int days, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var root = new DirectoryInfo(System.IO.Path.Combine(LabPaths.DataDirectory, "uploads"));
        if (!root.Exists)
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(days);
        int deleted = 0;
        foreach (var file in root.EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.LastWriteTimeUtc < cutoff))
        {
            try
            {
                file.Delete();
                if (file.Directory is { } folder && folder.FullName != root.FullName && !folder.EnumerateFileSystemInfos().Any())
                {
                    folder.Delete();
                }

                deleted++;
            }
            catch (IOException)
            {
                // In use or gone already: the next sweep takes it.
            }
        }

        return deleted;
    }

    /// <summary>Why a user's upload of <paramref name="length"/> bytes would break their quota (after expiring old uploads), or
    /// null when it fits: the one rule for POST /api/uploads and the pages' upload controls.</summary>
    public static string? QuotaProblem(string ownerId, long length, LabLimitsOptions limits, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Expire(limits.UploadDays, clock ?? TimeProvider.System);
        long used = UsedBytes(ownerId);
        return used + length <= limits.UploadQuotaBytes ? null
            : $"Your uploads hold {used:N0} bytes; with this file ({length:N0}) they would pass your quota of {limits.UploadQuotaBytes:N0} bytes " +
                $"(NasBench:Limits:UploadQuotaBytes). Uploads older than {limits.UploadDays} days are deleted.";
    }

    private static async Task<IResult> Receive(HttpRequest http, System.Security.Claims.ClaimsPrincipal user, Microsoft.Extensions.Options.IOptions<LabLimitsOptions> limits,
        DiskSpace disk, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Before the body is read: a full disk stores nothing (507).
        disk.ThrowIfFull();
        if (!http.HasFormContentType)
        {
            return Problem("Send the file as multipart/form-data in the field 'file'.");
        }

        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
        {
            // A malformed multipart body (no boundary, a part cut short) is the client's, never a 500.
            return Problem($"The multipart/form-data body could not be read: {e.Message}");
        }

        var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
        if (file is null)
        {
            return Problem("Send the file as multipart/form-data in the field 'file'.");
        }

        if (file.Length == 0 || file.Length > MaxBytes)
        {
            return Problem($"The file must hold between 1 and {MaxBytes:N0} bytes (got {file.Length:N0}).");
        }

        string owner = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        if (QuotaProblem(owner, file.Length, limits.Value, clock) is { } quota)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: quota);
        }

        await using var stream = file.OpenReadStream();
        var upload = await SaveAsync(stream, file.FileName, cancellationToken, owner);
        return Results.Created((string?)null, upload);
    }

    /// <summary>The file name without folders, reduced to letters, digits, '.', '-' and '_' (never empty, never hidden).</summary>
    internal static string SafeName(string? fileName)
    {
        string name = System.IO.Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]).TrimStart('.');
        return safe.Length == 0 ? "upload.csv" : safe.Length > 100 ? safe[^100..] : safe;
    }

    private static IResult Problem(string title) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [title] }, title: "The upload could not be read.");
}
