using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.Search.Bananas;

/// <summary>
/// BANANAS's path encoding against naszilla's <c>Cell101.get_path_indices</c> / <c>encode_paths</c>: the indices
/// below were computed with a line-by-line transcription of that code (get_paths, then Σ 3^i·(op + 1), sorted).
/// </summary>
public sealed class PathEncodingTests
{
    private const string C3 = "conv3x3-bn-relu", C1 = "conv1x1-bn-relu", Mp = "maxpool3x3";

    /// <summary>A raw 7-vertex cell from its edges and its five interior operations (no pruning).</summary>
    private static CellKey Raw(IEnumerable<(int From, int To)> edges, params string[] ops)
    {
        uint bits = 0;
        foreach (var (from, to) in edges)
        {
            bits |= 1u << CellKey.EdgeBit(from, to);
        }

        int packed = 0;
        for (int v = 0; v < ops.Length; v++)
        {
            packed |= Operations.LabelOf(ops[v]) << (2 * v);
        }

        return CellKey.Create(7, bits, packed);
    }

    private static int[] Indices(CellKey cell)
    {
        var into = new int[PathEncoding.MaxPaths];
        return into[..PathEncoding.Indices(cell, into)];
    }

    private static (int, int)[] Chain => [.. Enumerable.Range(0, 6).Select(i => (i, i + 1))];

    [Fact]
    public void PathCount_Is364_IndicesSpanIt()
    {
        Assert.Equal(364, PathEncoding.PathCount);
        Assert.Equal(364, Enumerable.Range(0, 6).Sum(i => (int)Math.Pow(3, i)));
        Assert.Equal(0, PathEncoding.PathIndex([]));
        Assert.Equal(121, PathEncoding.PathIndex([0, 0, 0, 0, 0]));
        Assert.Equal(363, PathEncoding.PathIndex([2, 2, 2, 2, 2]));

        // Every path of at most three ops below 40, every longer one at or above it: the cutoff keeps lengths 0–3.
        Assert.Equal(39, PathEncoding.PathIndex([2, 2, 2]));
        Assert.Equal(40, PathEncoding.PathIndex([0, 0, 0, 0]));
    }

    [Fact]
    public void Indices_NasBench101ReadmeCell()
    {
        // The NAS-Bench-101 README's cell: paths [conv3x3] 1, [conv1x1] 2, [maxpool] 3, [conv3x3, conv3x3] 1 + 3·1 = 4.
        var cell = ModelSpec.Parse("0111010000000100000010000100000000100000010000000",
            $"input,{C1},{C3},{C3},{C3},{Mp},output").Cell;
        Assert.Equal([1, 2, 3, 4], Indices(cell));
        var encoding = new float[PathEncoding.TruncatedLength];
        PathEncoding.Encode(cell, encoding);
        Assert.Equal([1, 2, 3, 4], Enumerable.Range(0, 40).Where(i => encoding[i] == 1));
        Assert.Equal(4, encoding.Sum());
    }

    [Fact]
    public void Indices_RawCellWithADanglingVertex_SameAsPruned()
    {
        // naszilla: (0, 8, 10, 11) — [] 0; [conv1x1, conv1x1] 2 + 3·2 = 8; [conv3x3, maxpool] 1 + 3·3 = 10;
        // [conv1x1, maxpool] 2 + 3·3 = 11. Vertex 4 lies on no path.
        var raw = Raw([(0, 1), (0, 2), (0, 6), (1, 3), (2, 3), (3, 6), (2, 5), (5, 6)], C3, C1, Mp, C3, C1);
        Assert.Equal([0, 8, 10, 11], Indices(raw));
        Assert.Equal(SpecStatus.Ok, raw.Prune(out var pruned));
        Assert.Equal(6, pruned.VertexCount);
        Assert.Equal(Indices(raw), Indices(pruned));
        Assert.Equal(PathEncoding.Key(raw), PathEncoding.Key(pruned));
    }

    [Fact]
    public void Indices_RepeatedPaths_KeptAsNaszillaHashesThem()
    {
        // Two paths through ops [conv3x3, conv1x1]: (7, 7) — the hash keeps both, the one-hot has one 1.
        var cell = Raw([(0, 1), (0, 2), (1, 3), (2, 3), (3, 6)], C3, C3, C1, C3, C3);
        Assert.Equal([7, 7], Indices(cell));
        Assert.Equal("7,7", PathEncoding.Key(cell));
        var encoding = new float[PathEncoding.PathCount];
        PathEncoding.Encode(cell, encoding);
        Assert.Equal(1, encoding.Sum());
        Assert.Equal(1, encoding[7]);
    }

    [Fact]
    public void Encode_FiveOpChains_BeyondTheCutoff()
    {
        // The 5-op chains are paths 121 (all conv3x3) and 363 (all maxpool): in the full 364, not in the first 40.
        var conv = Raw(Chain, C3, C3, C3, C3, C3);
        var pool = Raw(Chain, Mp, Mp, Mp, Mp, Mp);
        Assert.Equal([121], Indices(conv));
        Assert.Equal([363], Indices(pool));
        var full = new float[PathEncoding.PathCount];
        PathEncoding.Encode(pool, full);
        Assert.Equal(1, full[363]);
        var truncated = new float[PathEncoding.TruncatedLength];
        PathEncoding.Encode(pool, truncated);
        Assert.All(truncated, x => Assert.Equal(0, x));
    }

    [Fact]
    public void Indices_OpOrderMatters_InputSideIsTheLowDigit()
    {
        // [maxpool, conv1x1] = 3 + 3·2 = 9 and [maxpool] = 3: naszilla gives (3, 9).
        var cell = Raw([(0, 1), (1, 2), (2, 6), (0, 3), (3, 6)], Mp, C1, Mp, C3, C3);
        Assert.Equal([3, 9], Indices(cell));
        Assert.Equal(9, PathEncoding.PathIndex([2, 1]));
        Assert.Equal(2 + 9, PathEncoding.PathIndex([1, 2]));
    }
}
