using System.Buffers.Text;
using System.Text.Json;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Records;

/// <summary>The fields of one record's JSON array, as spans into the payload and a decoded metrics buffer.</summary>
internal ref struct RecordFields
{
    public CellHash ModuleHash;
    public int Epochs;
    public ReadOnlySpan<byte> Adjacency;
    public ReadOnlySpan<byte> Operations;

    /// <summary>The serialized <c>ModelMetrics</c> (decoded from base64).</summary>
    public ReadOnlySpan<byte> Metrics;
}

/// <summary>
/// The data of one record: the UTF-8 JSON array <c>[module_hash, epochs, adjacency, operations, metrics]</c>, written
/// as Python's <c>json.dumps</c> does (<c>", "</c> separators), with the metrics base64-encoded as Python's
/// <c>base64.encodebytes</c> does (a newline every 76 characters and at the end, escaped <c>\n</c> in JSON).
/// </summary>
internal static class RecordPayload
{
    private const int LineLength = 76;

    /// <summary>
    /// Reads the five fields; <paramref name="scratch"/> (best twice the payload length) receives the decoded metrics.
    /// Returns null or the problem.
    /// </summary>
    public static string? TryRead(ReadOnlySpan<byte> payload, Span<byte> scratch, out RecordFields fields)
    {
        if (TryReadExact(payload, scratch, out fields))
        {
            return null;
        }

        fields = default;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return "bad JSON: the record is not a JSON array";
            }

            if (!NextString(ref reader, out var hashText) || !TryParseHash(payload.Slice(hashText.Start, hashText.Length), out fields.ModuleHash))
            {
                return "bad JSON: element 0 is not a 32-digit module hash";
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out fields.Epochs))
            {
                return "bad JSON: element 1 (epochs) is not an integer";
            }

            if (!NextString(ref reader, out var adjacency) || !NextString(ref reader, out var operations))
            {
                return "bad JSON: elements 2 and 3 (adjacency, operations) must be plain strings";
            }

            fields.Adjacency = payload.Slice(adjacency.Start, adjacency.Length);
            fields.Operations = payload.Slice(operations.Start, operations.Length);

            if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > scratch.Length)
            {
                return "bad JSON: element 4 (metrics) is not a string";
            }

            int length = reader.CopyString(scratch);
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray || reader.Read())
            {
                return "bad JSON: the array does not end after 5 elements";
            }

            return DecodeBase64(scratch[..length], out fields.Metrics);
        }
        catch (JsonException e)
        {
            return $"bad JSON: {e.Message}";
        }
    }

    /// <summary>
    /// The fast path for the exact layout the official files use (<c>["h", e, "a", "o", "m"]</c> with ", " separators
    /// and no escapes but \n in the metrics). Anything else falls back to the JSON reader, which also names the problem.
    /// </summary>
    private static bool TryReadExact(ReadOnlySpan<byte> payload, Span<byte> scratch, out RecordFields fields)
    {
        fields = default;
        if (payload.Length < 48 || !payload.StartsWith("[\""u8) || !payload[34..].StartsWith("\", "u8)
            || !TryParseHash(payload[2..34], out fields.ModuleHash)
            || !System.Buffers.Text.Utf8Parser.TryParse(payload[37..], out fields.Epochs, out int digits))
        {
            return false;
        }

        int pos = 37 + digits;
        if (!At(payload, pos, ", \""u8) || !TakeString(payload, pos + 3, out var adjacency) || !At(payload, adjacency.End, "\", \""u8)
            || !TakeString(payload, adjacency.End + 4, out var operations) || !At(payload, operations.End, "\", \""u8))
        {
            return false;
        }

        fields.Adjacency = payload[adjacency.Start..adjacency.End];
        fields.Operations = payload[operations.Start..operations.End];
        var text = payload[(operations.End + 4)..];
        int end = text.IndexOf((byte)'"');
        if (end < 0 || end + 2 != text.Length || text[end + 1] != (byte)']' || end > scratch.Length)
        {
            return false;
        }

        // Copy the 76-character lines without their "\n" escapes; any other escape or control byte is not the exact form.
        int kept = 0;
        var remaining = text[..end];
        while (!remaining.IsEmpty)
        {
            int escape = remaining.IndexOf((byte)'\\');
            var line = escape < 0 ? remaining : remaining[..escape];
            if (line.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
            {
                return false;
            }

            line.CopyTo(scratch[kept..]);
            kept += line.Length;
            if (escape < 0)
            {
                break;
            }

            if (escape + 1 == remaining.Length || remaining[escape + 1] != (byte)'n')
            {
                return false;
            }

            remaining = remaining[(escape + 2)..];
        }

        var decoded = scratch[kept..];
        if (decoded.Length < (kept / 4 * 3) + 3
            || Base64.DecodeFromUtf8(scratch[..kept], decoded, out _, out int written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        fields.Metrics = decoded[..written];
        return true;
    }

    private static bool At(ReadOnlySpan<byte> payload, int pos, ReadOnlySpan<byte> text) => pos <= payload.Length && payload[pos..].StartsWith(text);

    /// <summary>A string without escapes starting at <paramref name="start"/>: where it ends (at its closing quote).</summary>
    private static bool TakeString(ReadOnlySpan<byte> payload, int start, out (int Start, int End) value)
    {
        int length = start <= payload.Length ? payload[start..].IndexOfAny((byte)'"', (byte)'\\') : -1;
        value = (start, start + length);
        return length >= 0 && payload[start + length] == (byte)'"';
    }

    /// <summary>Writes the JSON array; returns the bytes written. <paramref name="destination"/> must hold <see cref="MaxLength"/>.</summary>
    public static int Write(Span<byte> destination, CellHash hash, int epochs, CellKey cell, ReadOnlySpan<byte> metrics)
    {
        int n = cell.VertexCount;
        int pos = Append(destination, 0, "[\""u8);
        hash.WriteHex(destination[pos..]);
        pos = Append(destination, pos + 32, "\", "u8);
        epochs.TryFormat(destination[pos..], out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
        pos = Append(destination, pos + written, ", \""u8);
        for (int x = 0; x < n; x++)
        {
            for (int y = 0; y < n; y++)
            {
                destination[pos++] = cell.HasEdge(x, y) ? (byte)'1' : (byte)'0';
            }
        }

        pos = Append(destination, pos, "\", \""u8);
        for (int v = 0; v < n; v++)
        {
            if (v > 0)
            {
                destination[pos++] = (byte)',';
            }

            pos += System.Text.Encoding.ASCII.GetBytes(cell.Operation(v), destination[pos..]);
        }

        pos = Append(destination, pos, "\", \""u8);
        pos = WriteBase64Lines(destination, pos, metrics);
        return Append(destination, pos, "\"]"u8);
    }

    /// <summary>An upper bound of the payload size for a metrics message of the given length.</summary>
    public static int MaxLength(int metricsLength) => 256 + (((metricsLength + 2) / 3 * 4) * 80 / 76) + 8;

    private static int WriteBase64Lines(Span<byte> destination, int pos, ReadOnlySpan<byte> metrics)
    {
        Span<byte> encoded = metrics.Length <= 1024 ? stackalloc byte[((metrics.Length + 2) / 3) * 4] : new byte[((metrics.Length + 2) / 3) * 4];
        Base64.EncodeToUtf8(metrics, encoded, out _, out int total);
        for (int start = 0; start < total; start += LineLength)
        {
            int take = Math.Min(LineLength, total - start);
            encoded.Slice(start, take).CopyTo(destination[pos..]);
            pos = Append(destination, pos + take, "\\n"u8);
        }

        return pos;
    }

    private static int Append(Span<byte> destination, int pos, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination[pos..]);
        return pos + text.Length;
    }

    /// <summary>The next token as an unescaped string: where its text lies in the payload.</summary>
    private static bool NextString(ref Utf8JsonReader reader, out (int Start, int Length) value)
    {
        value = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return false;
        }

        value = ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        return true;
    }

    private static string? DecodeBase64(Span<byte> text, out ReadOnlySpan<byte> decoded)
    {
        decoded = default;
        int kept = 0;
        foreach (byte b in text)
        {
            if (b != (byte)'\n')
            {
                text[kept++] = b;
            }
        }

        var status = Base64.DecodeFromUtf8InPlace(text[..kept], out int written);
        if (status != System.Buffers.OperationStatus.Done)
        {
            return $"bad base64 in the metrics ({status})";
        }

        decoded = text[..written];
        return null;
    }

    /// <summary>Parses 32 hex digits (lowercase, as the dataset writes them) from UTF-8.</summary>
    public static bool TryParseHash(ReadOnlySpan<byte> hex, out CellHash hash)
    {
        hash = default;
        if (hex.Length != 32 || !TryParseHex64(hex[..16], out ulong high) || !TryParseHex64(hex[16..], out ulong low))
        {
            return false;
        }

        hash = new CellHash(high, low);
        return true;
    }

    private static bool TryParseHex64(ReadOnlySpan<byte> hex, out ulong value)
    {
        value = 0;
        foreach (byte c in hex)
        {
            int d = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)d;
        }

        return true;
    }
}
