using System.Security.Cryptography;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.SearchSpace;

public sealed class GraphHashTests
{
    [Theory]
    [InlineData("0100", "input,output", "043721b9c7fe8c5fad811d47d83132ec")]
    [InlineData("010001000", "input,conv1x1-bn-relu,output", "d1269d9156ddc027c40473008192958a")]
    [InlineData("010001000", "input,maxpool3x3,output", "53cee42601ad14d661bb6878031d6acb")]
    [InlineData("011001000", "input,conv3x3-bn-relu,output", "d32d0b26d534203b48d866facd98cc3e")]
    [InlineData("0110000100000000", "input,conv3x3-bn-relu,conv1x1-bn-relu,output", "b49ac8c578b4561d79ac7087988f1c61")] // prunes to the c3 chain
    [InlineData("0101001000010000", "input,conv3x3-bn-relu,conv3x3-bn-relu,output", "b5fb4f6193360330b6ff6a52cbf0cad7")]
    [InlineData("0111010000000100000010000100000000100000010000000", "input,conv1x1-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,maxpool3x3,output", "28cfc7874f6d200472e1a9dcd8650aa0")]
    [InlineData("0110011000001000010000000100000001000000010000000", "input,conv1x1-bn-relu,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,conv3x3-bn-relu,output", "02e5a0247bbdcf2860b7e96f74961594")] // best mean test accuracy
    public void Hash_GoldenVectors(string adjacency, string operations, string expected)
    {
        Assert.Equal(expected, ModelSpec.Parse(adjacency, operations).Hash.ToString());
    }

    [Fact]
    public void Hash_TraceOfTheC3ChainMatchesStepByStep()
    {
        Assert.Equal("3bb65a81afada4c50c2c4630873f0a79", Md5Hex("(1, 0, -1)"));
        Assert.Equal("d83dc8699b886cf73ffbd4db0625c540", Md5Hex("(1, 1, 0)"));
        Assert.Equal("da7ed8fcf085d449b70116bd536a0344", Md5Hex("(0, 1, -2)"));
        string h0 = "3bb65a81afada4c50c2c4630873f0a79", h1 = "d83dc8699b886cf73ffbd4db0625c540", h2 = "da7ed8fcf085d449b70116bd536a0344";
        Assert.Equal("2db5495790022c768943b347000b1ca8", Md5Hex("|" + h1 + "|" + h0));
        Assert.Equal("c35d4b8921f087212df4d626a2841ac3", Md5Hex(h0 + "|" + h2 + "|" + h1));
        Assert.Equal("337d999cc6efa343de83be59e1f77d99", Md5Hex(h1 + "||" + h2));
        Assert.Equal("b49ac8c578b4561d79ac7087988f1c61", ModelSpec.Parse("010001000", "input,conv3x3-bn-relu,output").Hash.ToString());
    }

    [Theory]
    [InlineData("0110000100010000", new[] { -1, 1, 2, -2 }, "ac9bd0e2514c031187b612db767fb038")]
    [InlineData("0110000100010000", new[] { -1, 2, 1, -2 }, "ac9bd0e2514c031187b612db767fb038")]
    [InlineData("0100000100000100000100000", new[] { -1, 1, 0, 0, -2 }, "6047adcded92b5d8126a9cc34054624b")]
    [InlineData("0100000100000100000100000", new[] { -1, 0, 0, 1, -2 }, "18e7e3d39b5b57052ca70818bd8382e4")]
    public void Hash_RawIntegerLabels(string adjacency, int[] labels, string expected)
    {
        var matrix = adjacency.Select(c => (byte)(c - '0')).ToArray();
        Assert.Equal(expected, GraphHash.Compute(matrix, labels.Length, labels).ToString());
    }

    [Fact]
    public void Hash_AllSpecsOf1kMatchTheDataset()
    {
        int n = 0;
        foreach (var row in SharedData.ReadCsv("specs_1k.csv"))
        {
            Assert.Equal(row[0], ModelSpec.Parse(row[1], row[2]).Hash.ToString());
            n++;
        }

        Assert.Equal(1000, n);
    }

    [Fact]
    public void Hash_SpecsOfThe30ModelRecordsMatch()
    {
        foreach (var row in SharedData.ReadCsv("records_30_models_108.csv"))
        {
            Assert.Equal(row[0], ModelSpec.Parse(row[2], row[3]).Hash.ToString());
        }
    }

    [Fact]
    public void Hash_IsInvariantUnderAnotherTopologicalNumbering()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 300; trial++)
        {
            var raw = CellSampler.RandomRaw(random);
            raw.Prune(out var cell);
            var (matrix, labels) = RandomTopologicalRenumbering(cell, random);
            Assert.Equal(GraphHash.Compute(cell), GraphHash.Compute(matrix, cell.VertexCount, labels));
        }
    }

    [Fact]
    public void Md5_MatchesThePlatformOnEveryLengthUpToFourBlocks()
    {
        var random = new Random(5);
        for (int length = 0; length <= 260; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), Md5.Hash(data).ToString());
        }
    }

    private static string Md5Hex(string text) => Md5.Hash(System.Text.Encoding.ASCII.GetBytes(text)).ToString();

    /// <summary>A random topological order of the cell's vertices with input first and output last.</summary>
    private static (byte[] Matrix, int[] Labels) RandomTopologicalRenumbering(CellKey cell, Random random)
    {
        int n = cell.VertexCount;
        var order = new List<int> { 0 };
        var placed = new bool[n];
        placed[0] = true;
        while (order.Count < n - 1)
        {
            var ready = Enumerable.Range(1, n - 2)
                .Where(v => !placed[v] && Enumerable.Range(0, n).All(u => !cell.HasEdge(u, v) || placed[u]))
                .ToList();
            int pick = ready[random.Next(ready.Count)];
            placed[pick] = true;
            order.Add(pick);
        }

        order.Add(n - 1);
        var matrix = new byte[n * n];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = cell.Label(order[i]);
            for (int j = 0; j < n; j++)
            {
                matrix[(i * n) + j] = cell.HasEdge(order[i], order[j]) ? (byte)1 : (byte)0;
            }
        }

        return (matrix, labels);
    }
}
