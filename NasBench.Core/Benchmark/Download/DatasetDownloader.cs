using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;

namespace NasBench.Core.Benchmark.Download;

/// <summary>
/// Downloads a file with resume and checksum verification.
/// </summary>
/// <remarks>
/// <code>
/// if FILE exists and matches every checksum of the source (SHA-256 and/or MD5): done
/// bytes go to FILE.part; for each attempt (at most maxAttempts):
///     ask for "Range: bytes=N-" when N bytes are already there; 206 → append, 200 → start over
///     copy until the end; a dropped connection keeps what arrived and tries again
/// every checksum of FILE.part must match: then rename to FILE; otherwise delete it and fail (nothing is imported)
/// </code>
/// FILE.part is held open with <see cref="FileShare.None"/> from the first attempt to the rename (on Linux .NET takes
/// <c>flock(LOCK_EX | LOCK_NB)</c>, which conflicts across processes and between two handles of one process): a second
/// download of the same file into the same folder — two trainings with <c>--download</c>, or one in another process —
/// waits for it (reporting that it waits), then finds FILE verified and returns it, instead of writing the same FILE.part
/// at once. The lock ends with the process, so FILE.part survives an interrupted process too and the next run resumes it. A server that cannot be reached
/// after every attempt gives one <see cref="HttpRequestException"/> whose message names the URL and what to do.
/// </remarks>
public sealed class DatasetDownloader(HttpClient http, int maxAttempts = 5, TimeProvider? time = null)
{
    /// <summary>How often a download that waits for another one of the same file tries the file again.</summary>
    public static readonly TimeSpan WaitInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Downloads <paramref name="source"/> into <paramref name="directory"/>, resuming a .part file with a Range request and verifying the checksums; returns the file's path.
    /// </summary>
    public async Task<string> DownloadAsync(DatasetSource source, string directory, IProgress<ExperimentProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Directory.CreateDirectory(directory);
        string target = Path.Combine(directory, source.FileName);
        if (File.Exists(target) && await MismatchAsync(target, source, cancellationToken) is null)
        {
            return target;
        }

        string part = target + ".part";
        await using var output = await OpenPartAsync(part, source, directory, progress, cancellationToken);
        if (File.Exists(target) && await MismatchAsync(target, source, cancellationToken) is null)
        {
            // Another download of this file finished while this one waited: its FILE.part (recreated empty here) goes.
            File.Delete(part);
            return target;
        }

        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await FetchAsync(source.Url, output, progress, cancellationToken);
                break;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && attempt < maxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Keep the bytes that arrived; the next attempt asks for the rest.
            }
            catch (HttpRequestException e)
            {
                throw new HttpRequestException(Unreachable(source.Url, directory, $"{e.Message} (after {attempt} attempts)"), e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException(Unreachable(source.Url, directory, "the server did not answer in time"), e);
            }
        }

        await output.FlushAsync(cancellationToken);
        output.Position = 0;
        if (await MismatchAsync(output, source, cancellationToken) is { } mismatch)
        {
            File.Delete(part);
            throw new InvalidDataException($"The download of {source.Url} has {mismatch}; it was deleted and nothing was imported.");
        }

        // Renamed while still held, so no other download opens it between the check and the rename.
        File.Move(part, target, overwrite: true);
        return target;
    }

    /// <summary>FILE.part opened for this download alone (created if missing); while another download holds it, waits
    /// (every <see cref="WaitInterval"/>, saying so once through <paramref name="progress"/>).</summary>
    private async Task<FileStream> OpenPartAsync(string part, DatasetSource source, string directory, IProgress<ExperimentProgress>? progress,
        CancellationToken cancellationToken)
    {
        for (bool said = false; ; said = true)
        {
            try
            {
                return new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            }
            catch (IOException e) when (e.GetType() == typeof(IOException) && File.Exists(part))
            {
                // A sharing violation: another download of the same file into this folder holds it.
            }

            if (!said)
            {
                progress?.Report(new ExperimentProgress(0, $"waiting for another download of {source.FileName} into {directory}"));
            }

            await Task.Delay(WaitInterval, _time, cancellationToken);
        }
    }

    /// <summary>One line: the URL, why, and what to do about it.</summary>
    private static string Unreachable(Uri url, string directory, string why) =>
        $"Could not download {url}: {why}. Check the network connection (or the proxy settings), " +
        $"or fetch the file another way into {directory} and run `nasbench data import FILE`; a mirror can be set with NASBENCH_URL_ONLY108 / NASBENCH_URL_FULL.";

    private async Task FetchAsync(Uri url, FileStream output, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        await output.FlushAsync(cancellationToken);
        long have = output.Length;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
        {
            return; // Everything is already there; the checksum decides.
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidDataException($"Downloading {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        bool append = have > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        have = append ? have : 0;
        long? total = response.Content.Headers.ContentLength + have;
        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
        output.SetLength(have);
        output.Position = have;
        var buffer = new byte[1 << 16];
        long lastReport = 0, started = have;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int n;
        while ((n = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            have += n;
            if (have - lastReport >= 1 << 20)
            {
                progress?.Report(Progress(url, have, started, total, watch.Elapsed));
                lastReport = have;
            }
        }

        await output.FlushAsync(cancellationToken);
        if (total is { } expected && have < expected)
        {
            throw new IOException($"The connection closed after {have} of {expected} bytes.");
        }

        progress?.Report(Progress(url, have, started, total, watch.Elapsed));
    }

    /// <summary>Bytes so far of the total (fraction 0 when the server does not say); the time left from this attempt's rate.</summary>
    private static ExperimentProgress Progress(Uri url, long have, long started, long? total, TimeSpan elapsed)
    {
        double fraction = total is > 0 ? Math.Min(1, (double)have / total.Value) : 0;
        TimeSpan? remaining = total is > 0 && elapsed > TimeSpan.FromSeconds(0.5) ? Eta.Extrapolate(fraction, elapsed, (double)started / total.Value) : null;
        string of = total is { } size ? $" of {size / 1e6:F1} MB" : string.Empty;
        return new ExperimentProgress(fraction, $"downloading {Path.GetFileName(url.LocalPath)}: {have / 1e6:F1}{of}") { Remaining = remaining };
    }

    /// <summary>Null when every checksum of the source matches the file at <paramref name="path"/>, else "SHA-256 actual,
    /// expected wanted" for the first that does not.</summary>
    private static async Task<string?> MismatchAsync(string path, DatasetSource source, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return await MismatchAsync(stream, source, cancellationToken);
    }

    /// <summary>As <see cref="MismatchAsync(string, DatasetSource, CancellationToken)"/>, for the bytes of <paramref name="stream"/>
    /// from its position on (read again from there for each checksum).</summary>
    private static async Task<string?> MismatchAsync(Stream stream, DatasetSource source, CancellationToken cancellationToken)
    {
        long start = stream.Position;
        return await MismatchAsync(stream, start, "SHA-256", source.Sha256, SHA256.Create, cancellationToken) ??
            await MismatchAsync(stream, start, "MD5", source.Md5, MD5.Create, cancellationToken);
    }

    private static async Task<string?> MismatchAsync(Stream stream, long start, string name, string? expected, Func<HashAlgorithm> create, CancellationToken cancellationToken)
    {
        if (expected is null)
        {
            return null;
        }

        using var algorithm = create();
        stream.Position = start;
        string actual = Convert.ToHexStringLower(await algorithm.ComputeHashAsync(stream, cancellationToken));
        return string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase) ? null : $"{name} {actual}, expected {expected.ToLowerInvariant()}";
    }
}
