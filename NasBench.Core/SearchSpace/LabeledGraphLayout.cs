namespace NasBench.Core.SearchSpace;

/// <summary>
/// Numbers every labeled graph of the enumeration densely, in reference order: an O(1), MD5-free map from a
/// pruned cell to its position, which <see cref="CellIndex"/> turns into the cell's index.
/// </summary>
/// <remarks>
/// position = offset[V] + matrixNumber[V][edgeBits] · 3^(V-2) + labeling, where matrixNumber counts the valid
/// matrices of V vertices in ascending bit order and labeling is base 3 with the first interior vertex most
/// significant. The tables take 2^21 + 2^15 + … ints (about 8.5 MB) and rebuild in milliseconds.
/// </remarks>
internal sealed class LabeledGraphLayout
{
    private readonly int[][] _matrixNumber = new int[SpaceLimits.MaxVertices + 1][];
    private readonly uint[][] _matrices = new uint[SpaceLimits.MaxVertices + 1][];
    private readonly int[] _offset = new int[SpaceLimits.MaxVertices + 2];

    private LabeledGraphLayout() { }

    public int TotalLabeledGraphs => _offset[SpaceLimits.MaxVertices + 1];

    public static int Pow3(int k) => k switch { 0 => 1, 1 => 3, 2 => 9, 3 => 27, 4 => 81, _ => 243 };

    public int MatrixCount(int v) => _matrices[v].Length;

    public static LabeledGraphLayout Build()
    {
        var layout = new LabeledGraphLayout();
        int offset = 0;
        for (int v = 2; v <= SpaceLimits.MaxVertices; v++)
        {
            var matrices = SpaceEnumerator.ValidMatrices(v);
            var numbers = new int[1 << (v * (v - 1) / 2)];
            Array.Fill(numbers, -1);
            for (int i = 0; i < matrices.Length; i++)
            {
                numbers[matrices[i]] = i;
            }

            layout._matrices[v] = matrices;
            layout._matrixNumber[v] = numbers;
            layout._offset[v] = offset;
            offset += matrices.Length * Pow3(v - 2);
        }

        layout._offset[SpaceLimits.MaxVertices + 1] = offset;
        return layout;
    }

    /// <summary>Counts per vertex count (2..7) of matrices, labeled graphs and unique cells.</summary>
    public VertexCountStats[] Stats(ReadOnlySpan<CellKey> cells)
    {
        var unique = new int[SpaceLimits.MaxVertices + 1];
        foreach (var cell in cells)
        {
            unique[cell.VertexCount]++;
        }

        var stats = new VertexCountStats[SpaceLimits.MaxVertices - 1];
        for (int v = 2; v <= SpaceLimits.MaxVertices; v++)
        {
            stats[v - 2] = new VertexCountStats(v, MatrixCount(v), MatrixCount(v) * Pow3(v - 2), unique[v]);
        }

        return stats;
    }

    /// <summary>The labeled graph at a position.</summary>
    public CellKey KeyOf(int position)
    {
        int v = 2;
        while (position >= _offset[v + 1])
        {
            v++;
        }

        int local = position - _offset[v];
        int labelings = Pow3(v - 2);
        return CellKey.Create(v, _matrices[v][local / labelings], SpaceEnumerator.LabelsOf(v - 2, local % labelings));
    }

    /// <summary>The position of a pruned cell, or -1 when it is not in the space.</summary>
    public int PositionOf(CellKey cell)
    {
        int v = cell.VertexCount;
        if (v < 2)
        {
            return -1;
        }

        var numbers = _matrixNumber[v];
        uint bits = cell.EdgeBits;
        int number = bits < (uint)numbers.Length ? numbers[bits] : -1;
        if (number < 0)
        {
            return -1;
        }

        int packed = cell.PackedLabels;
        int labeling = 0;
        for (int i = 0; i < v - 2; i++)
        {
            int label = (packed >> (2 * i)) & 3;
            if (label == 3)
            {
                return -1;
            }

            labeling = (labeling * 3) + label;
        }

        return _offset[v] + (number * Pow3(v - 2)) + labeling;
    }
}
