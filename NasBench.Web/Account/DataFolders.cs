using System.Text.Json;
using NasBench.Core.Experiments;
using NasBench.Web.Data;

namespace NasBench.Web.Account;

/// <summary>
/// Which server paths a request may name. The path options (<c>store</c>, <c>records</c>, correlate's <c>file</c>, a
/// training's <c>dataDir</c> and <c>checkpointDir</c>) are read by the worker, so any Member could otherwise make the
/// server read (or, with <c>--download</c> and checkpoints, write) any file it can reach. They must lie under the data
/// folder or one of <c>NasBench:Lab:AllowedDataFolders</c> (comma-separated, or a JSON array in appsettings).
/// </summary>
public sealed class DataFolders(IConfiguration configuration)
{
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
            return [.. new[] { LabPaths.DataDirectory }.Concat(configured).Select(Real).Distinct(StringComparer.Ordinal)];
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
            if (json.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                && value.GetString() is { } path && !IsAllowed(path, folders))
            {
                errors.Add(new RequestError(field, $"{RequestRules.Option(field)} must be {what} under {string.Join(" or ", folders)} (got '{path}'); upload files with POST /api/uploads."));
            }
        }

        return errors;
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
            real = Real(path);
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            return false;
        }

        return folders.Any(f => real.StartsWith(f.EndsWith(Path.DirectorySeparatorChar) ? f : f + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>The full path with every symbolic link along it resolved (a link inside an allowed folder may point anywhere).</summary>
    private static string Real(string path, int depth = 0)
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
                return Real(Path.Combine([resolved, .. parts[(i + 1)..]]), depth + 1);
            }
        }

        return current;
    }
}
