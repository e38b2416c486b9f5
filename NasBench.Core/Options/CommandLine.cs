namespace NasBench.Core.Options;

/// <summary>Builds the equivalent `nasbench …` command line of a request.</summary>
public static class CommandLine
{
    /// <summary>Single-quotes a value for a POSIX shell when it needs quoting.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:,=+@".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Joins "nasbench", the command words and the non-null arguments with spaces.</summary>
    public static string Join(string command, IEnumerable<string?> arguments) =>
        string.Join(' ', new[] { "nasbench", command }.Concat(arguments.Where(a => !string.IsNullOrEmpty(a)))!);
}
