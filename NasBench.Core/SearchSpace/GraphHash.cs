using System.Globalization;

namespace NasBench.Core.SearchSpace;

/// <summary>The reference's <c>graph_util.hash_module</c>, bit for bit.</summary>
/// <remarks>
/// <code>
/// h[v] = md5hex("(" + outDegree + ", " + inDegree + ", " + label + ")")
/// repeat V times, all vertices at once:
///     h'[v] = md5hex(concat(sorted h[in-neighbours]) + "|" + concat(sorted h[out-neighbours]) + "|" + h[v])
/// hash = md5hex("['" + join("', '", sorted(h)) + "']")
/// </code>
/// Sorting is ordinal on the lowercase hex text, which is the order of <see cref="CellHash"/>. Everything runs in
/// stack buffers: no allocation per call for graphs of up to 14 vertices.
/// </remarks>
public static class GraphHash
{
    /// <summary>Hashes a cell (pruned or not: the hash is taken of the graph as given).</summary>
    public static CellHash Compute(CellKey cell)
    {
        int n = cell.VertexCount;
        Span<byte> adjacency = stackalloc byte[n * n];
        Span<int> labels = stackalloc int[n];
        for (int x = 0; x < n; x++)
        {
            labels[x] = cell.Label(x);
            for (int y = x + 1; y < n; y++)
            {
                adjacency[(x * n) + y] = cell.HasEdge(x, y) ? (byte)1 : (byte)0;
            }
        }

        return Compute(adjacency, n, labels);
    }

    /// <summary>Hashes any directed graph given as a row-major 0/1 matrix with integer labels.</summary>
    public static CellHash Compute(ReadOnlySpan<byte> adjacency, int vertexCount, ReadOnlySpan<int> labels)
    {
        int n = vertexCount;
        if (adjacency.Length != n * n || labels.Length != n)
        {
            throw new ArgumentException($"A {n}-vertex graph needs {n * n} matrix entries and {n} labels.");
        }

        int bufferLength = (((2 * n) + 2) * 36) + 64;
        Span<byte> buffer = bufferLength <= 1024 ? stackalloc byte[bufferLength] : new byte[bufferLength];
        Span<CellHash> hashes = n <= 16 ? stackalloc CellHash[n] : new CellHash[n];
        Span<CellHash> next = n <= 16 ? stackalloc CellHash[n] : new CellHash[n];
        Span<CellHash> neighbours = n <= 16 ? stackalloc CellHash[n] : new CellHash[n];

        for (int v = 0; v < n; v++)
        {
            int outDegree = 0, inDegree = 0;
            for (int u = 0; u < n; u++)
            {
                outDegree += adjacency[(v * n) + u] != 0 ? 1 : 0;
                inDegree += adjacency[(u * n) + v] != 0 ? 1 : 0;
            }

            int length = WriteDegreeTuple(buffer, outDegree, inDegree, labels[v]);
            hashes[v] = Md5.Hash(buffer[..length]);
        }

        for (int round = 0; round < n; round++)
        {
            for (int v = 0; v < n; v++)
            {
                int length = 0;
                int count = 0;
                for (int u = 0; u < n; u++)
                {
                    if (adjacency[(u * n) + v] != 0)
                    {
                        neighbours[count++] = hashes[u];
                    }
                }

                length += WriteSorted(buffer[length..], neighbours[..count]);
                buffer[length++] = (byte)'|';
                count = 0;
                for (int u = 0; u < n; u++)
                {
                    if (adjacency[(v * n) + u] != 0)
                    {
                        neighbours[count++] = hashes[u];
                    }
                }

                length += WriteSorted(buffer[length..], neighbours[..count]);
                buffer[length++] = (byte)'|';
                hashes[v].WriteHex(buffer[length..]);
                length += 32;
                next[v] = Md5.Hash(buffer[..length]);
            }

            next.CopyTo(hashes);
        }

        return Md5.Hash(buffer[..WriteFingerprintList(buffer, hashes)]);
    }

    private static int WriteDegreeTuple(Span<byte> buffer, int outDegree, int inDegree, int label)
    {
        int length = 0;
        buffer[length++] = (byte)'(';
        length += Format(buffer[length..], outDegree);
        buffer[length++] = (byte)',';
        buffer[length++] = (byte)' ';
        length += Format(buffer[length..], inDegree);
        buffer[length++] = (byte)',';
        buffer[length++] = (byte)' ';
        length += Format(buffer[length..], label);
        buffer[length++] = (byte)')';
        return length;
    }

    private static int Format(Span<byte> buffer, int value)
    {
        value.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Python's <c>str(sorted(list_of_hex))</c>: <c>['a', 'b']</c>.</summary>
    private static int WriteFingerprintList(Span<byte> buffer, Span<CellHash> hashes)
    {
        SortSmall(hashes);
        int length = 0;
        buffer[length++] = (byte)'[';
        for (int i = 0; i < hashes.Length; i++)
        {
            if (i > 0)
            {
                buffer[length++] = (byte)',';
                buffer[length++] = (byte)' ';
            }

            buffer[length++] = (byte)'\'';
            hashes[i].WriteHex(buffer[length..]);
            length += 32;
            buffer[length++] = (byte)'\'';
        }

        buffer[length++] = (byte)']';
        return length;
    }

    private static int WriteSorted(Span<byte> buffer, Span<CellHash> hashes)
    {
        SortSmall(hashes);
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i].WriteHex(buffer[(i * 32)..]);
        }

        return hashes.Length * 32;
    }

    private static void SortSmall(Span<CellHash> items)
    {
        for (int i = 1; i < items.Length; i++)
        {
            var item = items[i];
            int j = i - 1;
            while (j >= 0 && items[j].CompareTo(item) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }

            items[j + 1] = item;
        }
    }
}
