using System.Text.Json;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Web.Data;

namespace NasBench.Web.Account;

/// <summary>
/// Which server paths a request may name. The path options (<c>store</c>, <c>records</c>, correlate's <c>file</c>, a
/// training's <c>dataDir</c> and <c>checkpointDir</c>) are read by the worker, so any Member could otherwise make the
/// server read (or, with <c>--download</c> and checkpoints, write) any file it can reach. They must lie under the data
/// folder or one of <c>NasBench:Lab:AllowedDataFolders</c> (comma-separated, or a JSON array in appsettings).
/// </summary>
/// <remarks>
/// The one path policy, for every request field and query string that names a server file (<see cref="CheckFile"/>):
/// <code>
/// 1. resolved (.., symbolic links) inside an allowed folder          else "must be a file under …"
/// 2. not the lab's own: lab.db, jobs.db and their -wal/-shm/-journal, cells.nbindex, the checkpoint folders
/// 3. a regular file: exists, not a folder, not empty (a FIFO, device or socket has no size), at most MaxFileBytes
/// </code>
/// Steps 1 and 2 never look at the file, so their answer is the same whether it exists or not.
/// </remarks>
public sealed class DataFolders(IConfiguration configuration, Microsoft.Extensions.Options.IOptions<LabLimitsOptions>? limits = null)
{
    /// <summary>The names of the lab's own files in the data folder (and the prefixes of their companions).</summary>
    private static readonly string[] OwnFiles = ["lab.db", "jobs.db", "cells.nbindex"];

    /// <summary>The request fields (camelCase CLI options) that name a server path, and whether each is a file or a folder.</summary>
    public static readonly IReadOnlyDictionary<string, string> PathFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["store"] = "a file", ["records"] = "a file", ["file"] = "a file", ["dataDir"] = "a folder", ["checkpointDir"] = "a folder",
        ["cells"] = "a file", // a proxies request's cells file (a transfer study's cells is a number, never checked)
    };

    /// <summary>The allowed folders, full paths with symbolic links resolved: the data folder first.</summary>
    public IReadOnlyList<string> Folders
    {
        get
        {
            var section = configuration.GetSection("NasBench:Lab:AllowedDataFolders");
            var configured = section.GetChildren().Select(c => c.Value).Append(section.Value)
                .SelectMany(v => (v ?? string.Empty).Split([',', Path.PathSeparator], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return [.. new[] { LabPaths.DataDirectory }.Concat(configured).Select(f => Resolve(f)).Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>One error per path field of <paramref name="request"/> that points outside the allowed folders.</summary>
    public IReadOnlyList<RequestError> Check(ExperimentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Through the JSON form, so kinds of other assemblies (training, transfer) are checked without knowing their types.
        using var json = JsonDocument.Parse(ExperimentJson.Serialize(request));
        var errors = new List<RequestError>();
        var folders = Folders;
        foreach (var (field, what) in PathFields)
        {
            if (json.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } path
                && (what == "a file" ? CheckFile(RequestRules.Option(field), path) : CheckFolder(RequestRules.Option(field), path)) is { } error)
            {
                errors.Add(new RequestError(field, error));
            }
        }

        return errors;
    }

    /// <summary>Why <paramref name="path"/> may not be read as a file named by <paramref name="option"/>, or null when it may
    /// (the remarks' three steps).</summary>
    public string? CheckFile(string option, string path)
    {
        var folders = Folders;
        if (!IsAllowed(path, folders) || Real(path) is not { } real)
        {
            return $"{option} must be a file under {string.Join(" or ", folders)} (got '{path}'); upload files with POST /api/uploads.";
        }

        if (IsLabOwn(real))
        {
            return $"{option} may not name the lab's own files (its databases, cell index and checkpoints) (got '{path}').";
        }

        var file = new FileInfo(real);
        long max = limits?.Value.MaxFileBytes ?? new LabLimitsOptions().MaxFileBytes;
        return !file.Exists ? $"{option}: no file '{path}'."
            : file.Length == 0 ? $"{option} must be a regular file with data (got '{path}': empty, or a FIFO, device or socket)."
            : file.Length > max ? $"{option}: '{path}' is {file.Length:N0} bytes, more than the {max:N0} a request may name (NasBench:Limits:MaxFileBytes)."
            : null;
    }

    /// <summary>Why <paramref name="path"/> may not be used as a folder (a dataset or checkpoint folder), or null.</summary>
    public string? CheckFolder(string option, string path)
    {
        var folders = Folders;
        if (!IsAllowed(path, folders) || Real(path) is not { } real)
        {
            return $"{option} must be a folder under {string.Join(" or ", folders)} (got '{path}'); upload files with POST /api/uploads.";
        }

        return real == Real(LabPaths.DataDirectory) || IsLabOwn(real)
            ? $"{option} may not be the data folder itself or the lab's checkpoint folder (got '{path}')."
            : null;
    }

    /// <summary>The cells pages' ?store= / ?records=: the same policy (null when neither is given or both pass).</summary>
    public string? CheckSource(string? store, string? records) =>
        (string.IsNullOrWhiteSpace(records) ? null : CheckFile("records", records)) ?? (string.IsNullOrWhiteSpace(store) ? null : CheckFile("store", store));

    /// <summary>Whether a resolved path is one of the lab's own files: its databases and their companions, the cell index,
    /// anything under the checkpoint folders.</summary>
    private bool IsLabOwn(string real)
    {
        string data = Real(LabPaths.DataDirectory) ?? LabPaths.DataDirectory;
        string[] checkpointRoots = [Path.Combine(data, "checkpoints"), .. configuration["NasBench:CheckpointFolder"] is { Length: > 0 } c && Real(c) is { } r ? [r] : Array.Empty<string>()];
        if (checkpointRoots.Any(root => real == root || real.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            return true;
        }

        string name = Path.GetFileName(real);
        return Path.GetDirectoryName(real) == data && OwnFiles.Any(own => name == own || name.StartsWith(own + "-", StringComparison.Ordinal) || name.StartsWith(own + ".", StringComparison.Ordinal));
    }

    /// <summary>Whether <paramref name="path"/>, resolved (.., symbolic links), lies inside one of <paramref name="folders"/>.</summary>
    public static bool IsAllowed(string path, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        string real;
        try
        {
            real = Resolve(path);
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            return false;
        }

        return folders.Any(f => real.StartsWith(f.EndsWith(Path.DirectorySeparatorChar) ? f : f + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>The resolved path, or null when it cannot be resolved.</summary>
    private static string? Real(string path)
    {
        try
        {
            return string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal) ? null : Resolve(path);
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The full path with every symbolic link along it resolved (a link inside an allowed folder may point anywhere).</summary>
    private static string Resolve(string path, int depth = 0)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string[] parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        string current = root;
        for (int i = 0; i < parts.Length; i++)
        {
            current = Path.Combine(current, parts[i]);
            if (new FileInfo(current).LinkTarget is { } target)
            {
                if (depth >= 40)
                {
                    throw new IOException($"Too many symbolic links in '{path}'.");
                }

                // The target may be relative to the link's folder and may itself run through links: resolve it again.
                string resolved = Path.GetFullPath(target, Path.GetDirectoryName(current)!);
                return Resolve(Path.Combine([resolved, .. parts[(i + 1)..]]), depth + 1);
            }
        }

        return current;
    }
}
