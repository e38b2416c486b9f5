using System.Formats.Tar;
using System.IO.Compression;
using NasBench.Training.Data;

namespace NasBench.Training.Tests.Data;

/// <summary>Downloading through the catalog (Core's downloader), served over loopback: the real hosts are out of reach.</summary>
public sealed class DatasetCatalogTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nasbench-catalog-").FullName;

    [Fact]
    public async Task LoadAsync_DownloadsAMissingDatasetFile_ThenLoadsIt()
    {
        // Imagenette publishes no checksum, so a locally built archive can stand in for the real one.
        ImagenetteTests.WriteFolder(Path.Combine(root, "source"));
        using var archive = new MemoryStream();
        using (var gzip = new GZipStream(archive, CompressionLevel.Fastest, leaveOpen: true))
        {
            TarFile.CreateFromDirectory(Path.Combine(root, "source", "imagenette2-160"), gzip, includeBaseDirectory: true);
        }

        using var server = new LoopbackHttpServer(archive.ToArray());
        using var handler = new ToLoopback(server.Url);
        using var http = new HttpClient(handler, disposeHandler: false);
        var target = Path.Combine(root, "data");
        Assert.False(DatasetCatalog.LocalCopyExists("imagenette", target));

        using var data = await DatasetCatalog.LoadAsync("imagenette", target, download: true, http);

        Assert.Equal(archive.ToArray(), File.ReadAllBytes(Path.Combine(target, Imagenette.Archive.FileName)));
        Assert.False(File.Exists(Path.Combine(target, Imagenette.Archive.FileName + ".part")));
        Assert.Equal((3, 9, 6), (data.Classes, data.Train.Count, data.Test.Count));
        Assert.Single(server.Ranges);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Sends every request to the loopback server instead of the dataset's real host.</summary>
    private sealed class ToLoopback(Uri server) : HttpClientHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = server;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
