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
/// Sorting is ordinal on the lowercase hex text, which is the order of <see cref="CellHash"/>. The vertices of a
/// round are independent, so they are hashed together in vector lanes (<see cref="Md5x8"/>). Everything runs in
/// stack buffers: no allocation per call for cells of the space.
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

        // All vertices of a round are hashed together (Md5x8), so their messages sit side by side in one buffer.
        int perVertex = (2 * n * 32) + 34;
        int bufferLength = Math.Max(n * perVertex, (n * 36) + 64);
        Span<byte> buffer = bufferLength <= 4096 ? stackalloc byte[bufferLength] : new byte[bufferLength];
        Span<CellHash> hashes = n <= 16 ? stackalloc CellHash[n] : new CellHash[n];
        Span<int> neighbours = n <= 16 ? stackalloc int[n] : new int[n];
        Span<byte> hex = n <= 16 ? stackalloc byte[n * 32] : new byte[n * 32];
        Span<int> starts = n <= 16 ? stackalloc int[n] : new int[n];
        Span<int> lengths = n <= 16 ? stackalloc int[n] : new int[n];

        int length = 0;
        for (int v = 0; v < n; v++)
        {
            int outDegree = 0, inDegree = 0;
            for (int u = 0; u < n; u++)
            {
                outDegree += adjacency[(v * n) + u] != 0 ? 1 : 0;
                inDegree += adjacency[(u * n) + v] != 0 ? 1 : 0;
            }

            starts[v] = length;
            lengths[v] = WriteDegreeTuple(buffer[length..], outDegree, inDegree, labels[v]);
            length += lengths[v];
        }

        Md5x8.HashMany(buffer, starts, lengths, hashes);
        for (int round = 0; round < n; round++)
        {
            for (int v = 0; v < n; v++)
            {
                hashes[v].WriteHex(hex.Slice(v * 32, 32));
            }

            length = 0;
            for (int v = 0; v < n; v++)
            {
                starts[v] = length;
                int count = 0;
                for (int u = 0; u < n; u++)
                {
                    if (adjacency[(u * n) + v] != 0)
                    {
                        neighbours[count++] = u;
                    }
                }

                length += WriteSorted(buffer[length..], neighbours[..count], hashes, hex);
                buffer[length++] = (byte)'|';
                count = 0;
                for (int u = 0; u < n; u++)
                {
                    if (adjacency[(v * n) + u] != 0)
                    {
                        neighbours[count++] = u;
                    }
                }

                length += WriteSorted(buffer[length..], neighbours[..count], hashes, hex);
                buffer[length++] = (byte)'|';
                hex.Slice(v * 32, 32).CopyTo(buffer[length..]);
                length += 32;
                lengths[v] = length - starts[v];
            }

            Md5x8.HashMany(buffer, starts, lengths, hashes);
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

    /// <summary>Writes the hex digests of the given vertices in ascending hash order.</summary>
    private static int WriteSorted(Span<byte> buffer, Span<int> vertices, ReadOnlySpan<CellHash> hashes, ReadOnlySpan<byte> hex)
    {
        for (int i = 1; i < vertices.Length; i++)
        {
            int vertex = vertices[i];
            int j = i - 1;
            while (j >= 0 && hashes[vertices[j]].CompareTo(hashes[vertex]) > 0)
            {
                vertices[j + 1] = vertices[j];
                j--;
            }

            vertices[j + 1] = vertex;
        }

        for (int i = 0; i < vertices.Length; i++)
        {
            hex.Slice(vertices[i] * 32, 32).CopyTo(buffer[(i * 32)..]);
        }

        return vertices.Length * 32;
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
