using System.Globalization;

namespace NasBench.Core.Search;

/// <summary>One line of a session's log: its opening, a query, or its end.</summary>
/// <param name="Kind">open, query or end.</param>
/// <param name="At">When (Unix milliseconds, the server's TimeProvider).</param>
/// <param name="Token">open: the secret part of the session's id.</param>
/// <param name="OwnerId">open: the user who opened it.</param>
/// <param name="Cell">query: the cell's index in the space.</param>
/// <param name="Epochs">query: the epoch budget asked.</param>
/// <param name="Halfway">query: stop_halfway.</param>
/// <param name="Reason">end: finished, budget, expired or cancelled.</param>
public sealed record SessionLogLine(string Kind, long At, string? Token = null, string? OwnerId = null, int Cell = -1, int Epochs = 0, bool Halfway = false,
    string? Reason = null);

/// <summary>
/// The durable state of an ask/tell session: a text file, one line per event, appended before the answer is sent. A
/// session is deterministic given its seed and its queries, so a restarted server replays the queries into a new
/// <see cref="QuerySession"/> and continues with the same counters, incumbent, trajectory and repeat stream.
/// </summary>
/// <remarks>
/// <code>
/// open  &lt;token&gt; &lt;owner id&gt; &lt;unix ms&gt;
/// query &lt;cell index&gt; &lt;epochs&gt; &lt;0|1 halfway&gt; &lt;unix ms&gt;
/// end   &lt;finished|budget|expired|cancelled&gt; &lt;unix ms&gt;
/// </code>
/// Tab-separated; a torn last line (a crash mid-write) is ignored: that query's answer was never sent.
/// </remarks>
public static class QuerySessionLog
{
    /// <summary>Appends one line (and flushes it to the file before returning).</summary>
    public static void Append(string path, SessionLogLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string text = line.Kind switch
        {
            "open" => Join("open", line.Token!, line.OwnerId!, Inv(line.At)),
            "query" => Join("query", Inv(line.Cell), Inv(line.Epochs), line.Halfway ? "1" : "0", Inv(line.At)),
            "end" => Join("end", line.Reason!, Inv(line.At)),
            _ => throw new ArgumentException($"Unknown session log line '{line.Kind}'.", nameof(line)),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text + "\n");
        stream.Write(bytes);
        stream.Flush(flushToDisk: false);
    }

    /// <summary>The lines of a log, in order (a torn or unreadable last line left out); empty when there is no file.</summary>
    public static IReadOnlyList<SessionLogLine> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = new List<SessionLogLine>();
        string text = File.ReadAllText(path);
        var rows = text.Split('\n');
        // The last element is "" after a complete line; anything else is a torn write.
        for (int i = 0; i < rows.Length - 1; i++)
        {
            var f = rows[i].Split('\t');
            lines.Add(f[0] switch
            {
                "open" when f.Length == 4 => new SessionLogLine("open", Long(f[3]), Token: f[1], OwnerId: f[2]),
                "query" when f.Length == 5 => new SessionLogLine("query", Long(f[4]), Cell: int.Parse(f[1], CultureInfo.InvariantCulture),
                    Epochs: int.Parse(f[2], CultureInfo.InvariantCulture), Halfway: f[3] == "1"),
                "end" when f.Length == 3 => new SessionLogLine("end", Long(f[2]), Reason: f[1]),
                _ => throw new InvalidDataException($"{path}:{i + 1}: not a session log line."),
            });
        }

        return lines;
    }

    private static string Join(params string[] fields) => string.Join('\t', fields);

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
