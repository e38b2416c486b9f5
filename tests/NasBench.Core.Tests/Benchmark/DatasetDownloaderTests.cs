using System.Security.Cryptography;
using NasBench.Core.Benchmark.Download;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Benchmark;

[Collection(nameof(SpaceCollection))]
public sealed class DatasetDownloaderTests(SpaceFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private byte[] GeneratedFile() =>
        File.ReadAllBytes(BenchmarkFiles.WriteSynthetic(_temp.File("served.tfrecord"), fixture.Index, 200));

    private static DatasetSource SourceFor(LoopbackHttpServer server, byte[] content) =>
        new("only108", server.Url, Convert.ToHexStringLower(SHA256.HashData(content)));

    [Fact]
    public async Task Download_WholeFileIsVerifiedAndImportable()
    {
        byte[] content = GeneratedFile();
        using var server = new LoopbackHttpServer(content);
        using var http = new HttpClient();
        var reports = new List<ExperimentProgress>();
        string file = await new DatasetDownloader(http).DownloadAsync(SourceFor(server, content), _temp.File("dl"), new SyncProgress(reports.Add));
        Assert.Equal(content, File.ReadAllBytes(file));
        Assert.Equal(new[] { "" }, server.Ranges);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Contains("MB", reports[^1].Message);
        var imported = BenchmarkImporter.Import(file, _temp.File("s.nbstore"), fixture.Index);
        Assert.Equal(600, imported.Metadata.RecordCount);
    }

    [Fact]
    public async Task Download_ClosedLoopbackPort_OneMessageNamingTheUrlAndWhatToDo()
    {
        var url = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/nasbench_only108.tfrecord");
        using var http = new HttpClient();
        var e = await Assert.ThrowsAsync<HttpRequestException>(() =>
            new DatasetDownloader(http, maxAttempts: 2).DownloadAsync(new DatasetSource("only108", url, new string('0', 64)), _temp.File("dl")));
        Assert.StartsWith($"Could not download {url}", e.Message);
        Assert.Contains("nasbench data import FILE", e.Message);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_CancelledAfterTheBytesArrived_KeepsThePartFileForTheNextRun()
    {
        byte[] content = GeneratedFile();
        using var server = new LoopbackHttpServer(content);
        using var http = new HttpClient();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Fraction >= 1)
            {
                cts.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DatasetDownloader(http).DownloadAsync(SourceFor(server, content), _temp.File("dl"), progress, cts.Token));
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(_temp.File("dl"), "nasbench_test.tfrecord.part")));
        Assert.False(File.Exists(Path.Combine(_temp.File("dl"), "nasbench_test.tfrecord")));
    }


    [Fact]
    public async Task Download_TwoOfTheSameFileIntoOneFolder_TheSecondWaitsAndTakesTheFirstsFile()
    {
        byte[] content = GeneratedFile();
        int stall = content.Length / 2;
        using var server = new LoopbackHttpServer(content, stallFirstResponseAfter: stall);
        using var http = new HttpClient();
        var source = SourceFor(server, content);
        string folder = _temp.File("dl");
        var first = new DatasetDownloader(http).DownloadAsync(source, folder);
        // Its request reached the server, so it holds FILE.part (opened before the first request); the response stalls.
        await Eventually.UntilAsync(() => { lock (server.Ranges) { return server.Ranges.Count == 1; } }, TimeSpan.FromSeconds(30), "the first download's request");

        var said = new List<ExperimentProgress>();
        var second = new DatasetDownloader(http).DownloadAsync(source, folder, new SyncProgress(p => { lock (said) { said.Add(p); } }));
        await Eventually.UntilAsync(() => { lock (said) { return said.Count > 0; } }, TimeSpan.FromSeconds(30), "the second download saying that it waits");
        Assert.False(second.IsCompleted);
        Assert.Equal($"waiting for another download of nasbench_test.tfrecord into {folder}", said[0].Message);

        server.Release();
        string file = await first;
        Assert.Equal(file, await second);
        Assert.Equal(content, File.ReadAllBytes(file));
        Assert.Equal([""], server.Ranges);    // one request: the second found the file verified
        Assert.Equal([file], Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Download_InterruptedTransferResumesWithRange()
    {
        byte[] content = GeneratedFile();
        int cut = content.Length / 3;
        using var server = new LoopbackHttpServer(content, dropFirstResponseAfter: cut);
        using var http = new HttpClient();
        string file = await new DatasetDownloader(http).DownloadAsync(SourceFor(server, content), _temp.File("dl"));
        Assert.Equal(content, File.ReadAllBytes(file));
        Assert.Equal(new[] { "", $"bytes={cut}-" }, server.Ranges);
        Assert.False(File.Exists(file + ".part"));
    }

    [Fact]
    public async Task Download_PartFileFromAnEarlierRunIsResumed()
    {
        byte[] content = GeneratedFile();
        using var server = new LoopbackHttpServer(content);
        Directory.CreateDirectory(_temp.File("dl"));
        File.WriteAllBytes(Path.Combine(_temp.File("dl"), "nasbench_test.tfrecord.part"), content[..1000]);
        using var http = new HttpClient();
        string file = await new DatasetDownloader(http).DownloadAsync(SourceFor(server, content), _temp.File("dl"));
        Assert.Equal(content, File.ReadAllBytes(file));
        Assert.Equal(new[] { "bytes=1000-" }, server.Ranges);
    }

    [Fact]
    public async Task Download_WrongChecksumFailsClearlyAndKeepsNothing()
    {
        byte[] content = GeneratedFile();
        using var server = new LoopbackHttpServer(content);
        using var http = new HttpClient();
        var source = new DatasetSource("only108", server.Url, new string('0', 64));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new DatasetDownloader(http).DownloadAsync(source, _temp.File("dl")));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains("nothing was imported", e.Message);
        Assert.Empty(Directory.GetFiles(_temp.File("dl")));
    }

    [Fact]
    public async Task Download_Md5OnlySourceIsVerifiedAndAVerifiedFileIsKept()
    {
        byte[] content = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))];
        using var server = new LoopbackHttpServer(content);
        using var http = new HttpClient();
        var source = new DatasetSource("fashion-mnist", server.Url, Md5: Convert.ToHexString(MD5.HashData(content)));
        var downloader = new DatasetDownloader(http);
        string file = await downloader.DownloadAsync(source, _temp.File("dl"));
        Assert.Equal(content, File.ReadAllBytes(file));
        Assert.Equal(file, await downloader.DownloadAsync(source, _temp.File("dl")));
        Assert.Single(server.Ranges);
    }

    [Fact]
    public async Task Download_EveryGivenChecksumMustMatch()
    {
        byte[] content = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))];
        using var server = new LoopbackHttpServer(content);
        using var http = new HttpClient();
        var source = new DatasetSource("cifar10", server.Url, Convert.ToHexStringLower(SHA256.HashData(content)), new string('0', 32));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new DatasetDownloader(http).DownloadAsync(source, _temp.File("dl")));
        Assert.Contains($"MD5 {Convert.ToHexStringLower(MD5.HashData(content))}, expected {new string('0', 32)}", e.Message);
        Assert.Empty(Directory.GetFiles(_temp.File("dl")));
    }

    [Fact]
    public void Resolve_OfficialSourcesOfNasBench101Md()
    {
        var only108 = DatasetSource.Resolve("only108");
        Assert.Equal(("nasbench_only108.tfrecord", "4c39c3936e36a85269881d659e44e61a245babcb72cb374eacacf75d0e5f4fd1"), (only108.FileName, only108.Sha256));
        Assert.Equal("https://storage.googleapis.com/nasbench/nasbench_full.tfrecord", DatasetSource.Resolve("full").Url.ToString());
        Assert.Throws<ArgumentException>(() => DatasetSource.Resolve("half"));
    }

    [Fact]
    public void Resolve_EnvironmentOverridesUrlAndChecksum()
    {
        Environment.SetEnvironmentVariable("NASBENCH_URL_FULL", "http://127.0.0.1:9/mirror/nb_full.tfrecord");
        Environment.SetEnvironmentVariable("NASBENCH_SHA256_FULL", new string('A', 64));
        try
        {
            var full = DatasetSource.Resolve("full");
            Assert.Equal(("nb_full.tfrecord", new string('a', 64)), (full.FileName, full.Sha256));
        }
        finally
        {
            Environment.SetEnvironmentVariable("NASBENCH_URL_FULL", null);
            Environment.SetEnvironmentVariable("NASBENCH_SHA256_FULL", null);
        }
    }

    /// <summary>Progress that reports on the calling thread (Progress&lt;T&gt; posts asynchronously).</summary>
    internal sealed class SyncProgress(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value);
    }
}
