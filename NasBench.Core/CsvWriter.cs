namespace NasBench.Core;

/// <summary>
/// The one CSV writer (RFC 4180): fields separated by commas, lines ended by <c>\n</c>, a field quoted when it holds a
/// comma, a double quote, a carriage return or a line feed, and a quote inside a quoted field doubled. The reader
/// is <see cref="CsvLine"/>.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    /// <summary>Writes one row, quoting fields with commas, quotes or line breaks and doubling their quotes.</summary>
    public void WriteRow(params ReadOnlySpan<string> fields)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Escape(fields[i]));
        }

        writer.Write('\n');
    }

    /// <summary>The field as it appears in a CSV line.</summary>
    public static string Escape(string? field)
    {
        field ??= string.Empty;
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
