using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search;

/// <summary><c>--start-cell</c>: local search queries the cell first, evolution grows its population from it, and
/// every bad start cell is refused with a message naming the option.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class StartCellTests(SpaceFixture space) : IDisposable
{
    /// <summary>The first of the 30 real models (held by the records file).</summary>
    private const string Held = "0101000001110000010000000001000001000000010000000 input,conv3x3-bn-relu,conv1x1-bn-relu,conv1x1-bn-relu,conv3x3-bn-relu,conv1x1-bn-relu,output";
    private const string HeldHash = "ff92c322c5d9d3d587d9c146a63d0807";

    private readonly BenchmarkProvider _provider = new(space.Index);

    private static string Records => SharedData.RealData(SearchData.RecordsFile);

    public void Dispose() => _provider.Dispose();

    [Theory]
    [InlineData("local")]
    [InlineData("evolution")]
    public async Task EveryRun_FirstQueriesTheStartCell(string algorithm)
    {
        var request = new SearchRequest { Algorithm = algorithm, Records = Records, Queries = 60, Runs = 3, Seed = 4, Evolution = new() { PopulationSize = 10, TournamentSize = 3 }, StartCell = Held };
        var result = await new SearchExperimentRunner(_provider).RunSearchAsync(request, new MemorySink(), null, CancellationToken.None);
        foreach (var run in result.Results[0])
        {
            Assert.Equal(1, run.Trajectory[0].Step);
            Assert.Equal(HeldHash, run.Trajectory[0].IncumbentHash.ToString());
        }
    }

    [Fact]
    public async Task WithoutStartCell_TheFirstQueryIsRandom()
    {
        var request = new SearchRequest { Algorithm = "local", Records = Records, Queries = 5, Runs = 8, Seed = 4 };
        var result = await new SearchExperimentRunner(_provider).RunSearchAsync(request, new MemorySink(), null, CancellationToken.None);
        Assert.Contains(result.Results[0], r => r.Trajectory[0].IncumbentHash.ToString() != HeldHash);
    }

    [Fact]
    public void Evolution_PopulationIsTheStartCellAndItsMutants()
    {
        var start = CellSampler.PadToSeven(CellArgument.Parse(Held, "startCell").Cell);
        var evolution = new Core.Search.EvolutionSearch(new Core.Search.EvolutionSearchOptions { PopulationSize = 20, TournamentSize = 5, StartCell = start, RestrictToStore = true });
        var session = new Core.Search.SearchSession(SearchData.Real30, Core.Search.SearchProtocol.MeanOfThree, Core.Search.SearchBudget.OfQueries(20), new Random(3));
        evolution.Run(session, new Random(3));
        Assert.Equal(start, evolution.Members[0]);
        Assert.True(evolution.Members.ToArray().Count(m => m == start) < 20, "the other members are mutants, not copies");
    }

    [Theory]
    [InlineData("local", "abc", "--start-cell: give the adjacency and the operations separated by one space")]
    [InlineData("local", "0100 input,conv9x9-bn-relu", "--start-cell: ")]
    [InlineData("local", "0110 input,output", "--start-cell: ")]
    [InlineData("random", "0100 input,output", "--start-cell applies to local search and evolution, not random.")]
    [InlineData("tree", "0100 input,output", "--start-cell applies to local search and evolution, not tree.")]
    public void BadStartCell_IsRefused_NamingTheOption(string algorithm, string cell, string message)
    {
        var errors = new SearchRequest { Algorithm = algorithm, StartCell = cell }.Validate();
        var error = Assert.Single(errors);
        Assert.Equal("startCell", error.Field);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_TakesAStartCell_WhenItRunsLocalOrEvolution()
    {
        Assert.Empty(new CompareRequest { Algorithms = ["random", "local"], StartCell = "0100 input,output" }.Validate());
        Assert.Single(new CompareRequest { Algorithms = ["random", "tree"], StartCell = "0100 input,output" }.Validate());
    }

    [Fact]
    public async Task StartCellTheBenchmarkLacks_IsRefusedBeforeAnyRun()
    {
        var request = new SearchRequest { Algorithm = "local", Records = Records, Queries = 10, StartCell = "0100 input,output" };
        var error = await Assert.ThrowsAsync<RequestValidationException>(() => new SearchExperimentRunner(_provider).RunSearchAsync(request, new MemorySink(), null, CancellationToken.None));
        Assert.Equal("startCell", Assert.Single(error.Errors).Field);
        Assert.Contains("holds no 108-epoch results for cell", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_NamesItStartCell_AndRoundTrips()
    {
        var request = new SearchRequest { Algorithm = "local", StartCell = Held };
        string json = ExperimentJson.Serialize(request);
        Assert.Contains($"\"startCell\":\"{Held}\"", json, StringComparison.Ordinal);
        Assert.Equal(request, ExperimentJson.Deserialize(json));
        Assert.Contains($"--start-cell '{Held}'", request.ToCommandLine(), StringComparison.Ordinal);
    }
}
