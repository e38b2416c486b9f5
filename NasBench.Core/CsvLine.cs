using System.Text;

namespace NasBench.Core;

/// <summary>The comma-separated files NasBench reads (the real extracts, the seed paper's results, our outputs).</summary>
public static class CsvLine
{
    /// <summary>Splits one line on commas outside double quotes (quotes removed; no embedded newlines).</summary>
    public static string[] Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
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
