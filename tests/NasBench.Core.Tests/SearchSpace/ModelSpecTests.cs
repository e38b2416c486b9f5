using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.SearchSpace;

public sealed class ModelSpecTests
{
    private const string C3 = Operations.Conv3x3;
    private const string C1 = Operations.Conv1x1;
    private const string Mp = Operations.MaxPool3x3;

    [Fact]
    public void Create_PrunesUnreachableVerticesAndKeepsTheOriginal()
    {
        // input → c3 → output, plus c1 fed by input but feeding nothing: c1 is pruned.
        var spec = ModelSpec.Create(new[,] { { 0, 1, 1, 0 }, { 0, 0, 0, 1 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } }, ["input", C3, C1, "output"]);
        Assert.Equal(3, spec.VertexCount);
        Assert.Equal("010001000", spec.AdjacencyString);
        Assert.Equal("input,conv3x3-bn-relu,output", spec.OperationsString);
        Assert.Equal(4, spec.OriginalVertexCount);
        Assert.Equal("0110000100000000", spec.OriginalAdjacencyString);
    }

    [Fact]
    public void Create_ElevenRawEdgesAreValidWhenPruningLeavesNine()
    {
        // Vertex 5 gets 3 edges in and feeds nothing; the other 8 edges remain.
        var m = new int[7, 7];
        (int, int)[] kept = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 6), (0, 2), (1, 3), (2, 4)];
        foreach (var (x, y) in kept)
        {
            m[x, y] = 1;
        }

        m[0, 5] = m[1, 5] = m[2, 5] = 1;
        var spec = ModelSpec.Create(m, ["input", C3, C3, C3, C3, "bogus-op-pruned-away", "output"]);
        Assert.Equal(6, spec.VertexCount);
        Assert.Equal(8, spec.EdgeCount);
    }

    public static TheoryData<string, int[,], string[], SpecStatus, string> InvalidSpecs => new()
    {
        { "not square", new int[2, 3], ["input", "output"], SpecStatus.Invalid, "square" },
        { "ops count", new[,] { { 0, 1 }, { 0, 0 } }, ["input", C3, "output"], SpecStatus.Invalid, "3 operations" },
        { "lower triangle", new[,] { { 0, 1 }, { 1, 0 } }, ["input", "output"], SpecStatus.Invalid, "upper triangular" },
        { "not 0/1", new[,] { { 0, 2 }, { 0, 0 } }, ["input", "output"], SpecStatus.Invalid, "0 or 1" },
        { "disconnected", new[,] { { 0, 1, 0 }, { 0, 0, 0 }, { 0, 0, 0 } }, ["input", C3, "output"], SpecStatus.Disconnected, "disconnected" },
        { "first op", new[,] { { 0, 1 }, { 0, 0 } }, [C3, "output"], SpecStatus.Invalid, "first operation" },
        { "last op", new[,] { { 0, 1 }, { 0, 0 } }, ["input", C1], SpecStatus.Invalid, "last operation" },
        { "unknown op", new[,] { { 0, 1, 0 }, { 0, 0, 1 }, { 0, 0, 0 } }, ["input", "conv5x5", "output"], SpecStatus.Invalid, "conv5x5" },
        { "10 edges", Dense(7, 10), ["input", C3, C3, C3, C3, Mp, "output"], SpecStatus.TooManyEdges, "10 edges" },
        { "8 vertices", Chain(8), ["input", C3, C3, C3, C3, C3, C3, "output"], SpecStatus.TooManyVertices, "8 vertices" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void Create_InvalidSpecsGiveOneDomainErrorNamingTheRule(string description, int[,] matrix, string[] ops, SpecStatus status, string fragment)
    {
        var error = Assert.Throws<OutOfDomainException>(() => ModelSpec.Create(matrix, ops));
        Assert.Equal(status, error.Status);
        Assert.Contains(fragment, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Fact]
    public void Check_DisconnectionIsReportedBeforeSizeLimits()
    {
        var check = ModelSpec.Check(new byte[81], 9, Enumerable.Repeat(C3, 9).ToArray());
        Assert.Equal(SpecStatus.Disconnected, check.Status);
    }

    [Theory]
    [InlineData("01x0", "input,output", "character 3")]
    [InlineData("010", "input,output", "square")]
    public void Parse_BadStringsAreNamed(string adjacency, string ops, string fragment)
    {
        var error = Assert.Throws<OutOfDomainException>(() => ModelSpec.Parse(adjacency, ops));
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void StringForms_RoundTrip()
    {
        var spec = ModelSpec.Parse("0111010000000100000010000100000000100000010000000", "input,conv1x1-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,maxpool3x3,output");
        var again = ModelSpec.Parse(spec.AdjacencyString, spec.OperationsString);
        Assert.Equal(spec.Cell, again.Cell);
        Assert.Equal(spec.Cell, ModelSpec.FromCell(spec.Cell).Cell);
        Assert.Equal(spec.Hash, CellHash.Parse(spec.Hash.ToString().ToUpperInvariant()));
    }

    [Fact]
    public void CellKeyPrune_AgreesWithModelSpecOnRandomRawMatrices()
    {
        var random = new Random(3);
        for (int i = 0; i < 5000; i++)
        {
            uint bits = (uint)random.Next(1 << 21);
            int labels = 0;
            for (int v = 0; v < 5; v++)
            {
                labels |= random.Next(3) << (2 * v);
            }

            var raw = CellKey.Create(7, bits, labels);
            var check = ModelSpec.Check(raw.ToAdjacencyString(), raw.ToOperationsString());
            var status = raw.Prune(out var pruned);
            Assert.Equal(check.Status, status);
            if (status == SpecStatus.Ok)
            {
                Assert.Equal(check.Spec!.Cell, pruned);
            }
        }
    }

    private static int[,] Dense(int n, int edges)
    {
        var m = new int[n, n];
        for (int i = 0; i < n - 1; i++)
        {
            m[i, i + 1] = 1;
        }

        int added = n - 1;
        for (int x = 0; x < n && added < edges; x++)
        {
            for (int y = x + 2; y < n && added < edges; y++)
            {
                m[x, y] = 1;
                added++;
            }
        }

        return m;
    }

    private static int[,] Chain(int n) => Dense(n, n - 1);
}
