using System.Security.Cryptography;

namespace NasBench.Training.Data;

/// <summary>A published dataset file: where to get it and the checksum its publisher gives (MD5 and/or SHA-256, hex).</summary>
public sealed record RemoteFile(string FileName, string Url, string? Md5 = null, string? Sha256 = null);

/// <summary>
/// Downloads dataset files into a folder and checks them against their published checksums. A file already there
/// with the right checksum is kept; a download goes to <c>name.part</c> and is renamed only once it checks out.
/// </summary>
public sealed class DatasetDownloader(HttpClient http, TextWriter? log = null)
{
    public async Task<string> EnsureAsync(string directory, RemoteFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, file.FileName);
        if (File.Exists(path) && await MatchesAsync(path, file, cancellationToken))
        {
            return path;
        }

        var part = path + ".part";
        log?.WriteLine($"downloading {file.Url}");
        using (var response = await http.GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new IOException($"Download of {file.Url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var target = File.Create(part);
            await source.CopyToAsync(target, cancellationToken);
        }

        if (!await MatchesAsync(part, file, cancellationToken))
        {
            File.Delete(part);
            throw new InvalidDataException($"{file.FileName} from {file.Url} does not match its published checksum.");
        }

        File.Move(part, path, overwrite: true);
        return path;
    }

    public async Task EnsureAllAsync(string directory, IEnumerable<RemoteFile> files, CancellationToken cancellationToken = default)
    {
        foreach (var file in files)
        {
            await EnsureAsync(directory, file, cancellationToken);
        }
    }

    /// <summary>True when every checksum the file has published matches.</summary>
    public static async Task<bool> MatchesAsync(string path, RemoteFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Md5 is { } md5 && !string.Equals(await HashAsync(path, MD5.Create(), cancellationToken), md5, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return file.Sha256 is not { } sha || string.Equals(await HashAsync(path, SHA256.Create(), cancellationToken), sha, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> HashAsync(string path, HashAlgorithm algorithm, CancellationToken cancellationToken)
    {
        using (algorithm)
        {
            await using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(await algorithm.ComputeHashAsync(stream, cancellationToken));
        }
    }
}
