using System.Text;

namespace NasBench.Core;

/// <summary>The comma-separated files NasBench reads (the real extracts, the seed paper's results, our outputs).</summary>
public static class CsvLine
{
    /// <summary>Splits one line on commas outside double quotes (quotes removed, doubled quotes inside quotes kept as one; no embedded newlines).</summary>
    public static string[] Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');  // RFC 4180: a doubled quote inside a quoted field is one quote
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
