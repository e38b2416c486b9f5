using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search.Sessions;

/// <summary>An ask/tell session: its log survives a torn write, replaying its queries restores it exactly, and its
/// experiment's request round-trips as JSON.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class QuerySessionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nasbench-session-" + Guid.NewGuid().ToString("N")[..8]);

    private static SearchConfiguration Configuration => new SessionRequest { Algorithm = "mine", Queries = 40, Protocol = "nb101" }.Configuration();

    [Fact]
    public void Log_RoundTrips_AndIgnoresATornLastLine()
    {
        string path = Path.Combine(_folder, "run-3.log");
        QuerySessionLog.Append(path, new SessionLogLine("open", 1000, Token: "abc", OwnerId: "user-1"));
        QuerySessionLog.Append(path, new SessionLogLine("query", 1001, Cell: 42, Epochs: 108, Halfway: true));
        File.AppendAllText(path, "query\t7\t10");    // a crash in the middle of a write: that answer was never sent
        var lines = QuerySessionLog.Read(path);
        Assert.Equal([new SessionLogLine("open", 1000, Token: "abc", OwnerId: "user-1"), new SessionLogLine("query", 1001, Cell: 42, Epochs: 108, Halfway: true)], lines);
    }

    [Fact]
    public void Replay_OfTheLoggedQueries_RestoresCountersRepeatsAndTrajectory()
    {
        var tables = SearchData.Synthetic;
        var random = new Random(3);
        var live = new QuerySession("s", Configuration, tables, run: 9);
        var cells = new List<(int Cell, bool Halfway)>();
        for (int i = 0; i < 30; i++)
        {
            int cell = tables.Data.CellIndices[random.Next(tables.Data.CellIndices.Count)];
            bool halfway = i % 4 == 0;
            var spec = tables.Space.Cell(cell);
            live.Query(spec.ToMatrix(), spec.ToOperations(), 108, halfway, logged => cells.Add((logged, halfway)));
        }

        var restored = new QuerySession("s", Configuration, tables, run: 9);
        foreach (var (cell, halfway) in cells)
        {
            restored.Replay(cell, 108, halfway);
        }

        // The next query after the restore answers as the one without it: same repeat draw, same counters.
        var next = tables.Space.Cell(cells[5].Cell);
        var a = live.Query(next.ToMatrix(), next.ToOperations(), 108, false);
        var b = restored.Query(next.ToMatrix(), next.ToOperations(), 108, false);
        Assert.Equal(a.Answer, b.Answer);
        Assert.Equal(a.Counters, b.Counters);
        Assert.Equal(live.Finish().Trajectory.Select(p => p with { WallClockSeconds = 0 }), restored.Finish().Trajectory.Select(p => p with { WallClockSeconds = 0 }));
    }

    [Fact]
    public void SessionRequest_RoundTripsAsJson_AndNeedsANameAndABudget()
    {
        var request = new SessionRequest { Algorithm = "my-bo", Queries = 150, Protocol = "mean3", Synthetic = true, Runs = 1 };
        string json = ExperimentJson.Serialize(request);
        Assert.Contains("\"kind\":\"session\"", json, StringComparison.Ordinal);
        Assert.Equal(request, ExperimentJson.Deserialize(json));
        Assert.Empty(request.Validate());
        Assert.Contains(new SessionRequest { Queries = 1 }.Validate(), e => e.Field == "algorithm");
        Assert.Contains(new SessionRequest { Algorithm = "x" }.Validate(), e => e.Field == "budget");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
