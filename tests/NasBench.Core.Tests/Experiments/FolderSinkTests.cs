using NasBench.Core.Experiments;

namespace NasBench.Core.Tests.Experiments;

public sealed class FolderSinkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nasbench-sink-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task TrainedCells_AreKeptOnceEach_AndReadBackByANewSink()
    {
        var cell = new TrainedCell(1, "abc", "0100", "input,output", 1234, 0.5, null, 0.25, 3.5);
        var sink = new FolderSink(_dir, null);
        await sink.AddTrainedCellAsync(cell, CancellationToken.None);
        await sink.AddTrainedCellAsync(cell, CancellationToken.None);
        await sink.AddTrainedCellAsync(cell with { Index = 0, ValidationAccuracy = 0.75 }, CancellationToken.None);
        var back = await new FolderSink(_dir, null).ReadTrainedCellsAsync(CancellationToken.None);
        Assert.Equal([cell with { Index = 0, ValidationAccuracy = 0.75 }, cell], back);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_dir, FolderSink.TrainedCellsFile)).Length);
    }

    [Fact]
    public async Task Artifact_IsWrittenWhole_AndNamesCannotLeaveTheFolder()
    {
        var sink = new FolderSink(_dir, null);
        await sink.AddArtifactAsync(Artifact.Text("a.csv", "x\n"), CancellationToken.None);
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(_dir, "a.csv")));
        Assert.Empty(Directory.GetFiles(_dir, "*.part"));
        await Assert.ThrowsAsync<ArgumentException>(() => sink.AddArtifactAsync(Artifact.Text("../evil.txt", "x"), CancellationToken.None).AsTask());
    }
}
