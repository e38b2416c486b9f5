using System.Security.Cryptography;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>Uploaded files (POST /api/uploads and the pages' upload controls): stored under the data folder's uploads/,
/// one random folder per upload under the owner's, counted against the owner's quota and expired after some days.</summary>
public static class Uploads
{
    /// <summary>The largest file accepted.</summary>
    public const long MaxBytes = 64L << 20;

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

    /// <summary>The file name without folders, reduced to letters, digits, '.', '-' and '_' (never empty, never hidden).</summary>
    public static string SafeName(string? fileName)
    {
        string name = System.IO.Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]).TrimStart('.');
        return safe.Length == 0 ? "upload.csv" : safe.Length > 100 ? safe[^100..] : safe;
    }
}
