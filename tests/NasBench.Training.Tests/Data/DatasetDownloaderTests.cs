using System.Net;
using System.Security.Cryptography;
using NasBench.Training.Data;

namespace NasBench.Training.Tests.Data;

/// <summary>The downloader against a loopback HttpListener (the real hosts cannot be reached from the test machines).</summary>
public sealed class DatasetDownloaderTests : IDisposable
{
    private static readonly byte[] Payload = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))];
    private readonly string root = Directory.CreateTempSubdirectory("nasbench-download-").FullName;
    private readonly HttpListener listener = new();
    private readonly string prefix;
    private int requests;

    public DatasetDownloaderTests()
    {
        int port = 20000 + Random.Shared.Next(20000);
        prefix = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(prefix);
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                var context = await listener.GetContextAsync();
                Interlocked.Increment(ref requests);
                context.Response.StatusCode = context.Request.Url!.AbsolutePath.EndsWith("missing", StringComparison.Ordinal) ? 404 : 200;
                if (context.Response.StatusCode == 200)
                {
                    await context.Response.OutputStream.WriteAsync(Payload);
                }

                context.Response.Close();
            }
        });
    }

    [Fact]
    public async Task Ensure_DownloadsChecksAndKeepsAVerifiedFile()
    {
        using var http = new HttpClient();
        var file = new RemoteFile("data.gz", prefix + "data.gz", Md5: Convert.ToHexStringLower(MD5.HashData(Payload)), Sha256: Convert.ToHexStringLower(SHA256.HashData(Payload)));
        var downloader = new DatasetDownloader(http);
        var path = await downloader.EnsureAsync(root, file);
        Assert.Equal(Payload, await File.ReadAllBytesAsync(path));
        await downloader.EnsureAsync(root, file);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task Ensure_RejectsAChecksumMismatchAndHttpErrors()
    {
        using var http = new HttpClient();
        var downloader = new DatasetDownloader(http);
        var bad = new RemoteFile("bad.gz", prefix + "bad.gz", Md5: "00000000000000000000000000000000");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => downloader.EnsureAsync(root, bad));
        Assert.Contains("checksum", error.Message);
        Assert.False(File.Exists(Path.Combine(root, "bad.gz")));
        await Assert.ThrowsAsync<IOException>(() => downloader.EnsureAsync(root, new RemoteFile("x", prefix + "missing")));
    }

    public void Dispose()
    {
        listener.Close();
        Directory.Delete(root, recursive: true);
    }
}
