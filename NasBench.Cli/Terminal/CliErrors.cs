using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace NasBench.Cli.Terminal;

/// <summary>
/// Every failure as one line for people: a parse error names the option and the kind of value it takes
/// ("--queries: 'abc' is not a whole number"), an exception becomes its message without stack frames or .NET type
/// names.
/// </summary>
internal static partial class CliErrors
{
    /// <summary>Kinds of errors the user can fix; anything else is also printed in one line, marked unexpected.</summary>
    private static readonly Type[] Expected =
    [
        typeof(CliException), typeof(NasBench.Core.SearchSpace.OutOfDomainException), typeof(NasBench.Core.Options.RequestValidationException),
        typeof(IOException), typeof(InvalidDataException), typeof(FormatException), typeof(ArgumentException), typeof(HttpRequestException),
        typeof(UnauthorizedAccessException), typeof(NotSupportedException), typeof(TimeoutException),
    ];

    public static string Describe(ParseError error)
    {
        var (name, type) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType),
            ArgumentResult { Parent: OptionResult o } => (o.Option.Name, o.Option.ValueType),
            ArgumentResult a => (a.Argument.Name, a.Argument.ValueType),
            _ => ((string?)null, (Type?)null),
        };
        string message = error.Message;
        string? token = Quoted().Match(message) is { Success: true } m ? m.Groups[1].Value : null;
        if (name is not null && token is not null && type is not null && message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return $"{name}: '{token}' {Kind(Nullable.GetUnderlyingType(type) ?? type, token)}.";
        }

        if (name is not null && token is not null && message.Contains("Must be one of", StringComparison.Ordinal))
        {
            var allowed = message[message.IndexOf("Must be one of", StringComparison.Ordinal)..].Split('\n').Skip(1).Select(s => s.Trim().Trim('\'')).Where(s => s.Length > 0);
            return $"{name}: '{token}' is not one of {string.Join(", ", allowed)}.";
        }

        string line = Scrub(FirstLine(message));
        return name is null || line.Contains(name, StringComparison.Ordinal) ? line : $"{name}: {line}";
    }

    /// <summary>The one line printed for an exception that reached the top.</summary>
    public static string Describe(Exception exception)
    {
        var e = exception;
        while (e is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException or TypeInitializationException && e.InnerException is not null)
        {
            e = e.InnerException!;
        }

        string message = e is ArgumentException a && a.ParamName is not null ? a.Message.Replace($" (Parameter '{a.ParamName}')", string.Empty, StringComparison.Ordinal) : e.Message;
        string full = message;
        message = Scrub(FirstLine(message));
        if (Expected.Any(t => t.IsInstanceOfType(e)))
        {
            return message;
        }

        // What a report needs beyond the first line: the run that failed (SearchRunner) and, for a libtorch error, the
        // native function it came from (its "Exception raised from …" line; not a .NET stack trace).
        string? origin = full.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Exception raised from", StringComparison.Ordinal));
        string? run = (exception.Data[NasBench.Core.Search.SearchRunner.FailedRunKey] ?? e.Data[NasBench.Core.Search.SearchRunner.FailedRunKey]) as string;
        string where = string.Join("; ", new[] { run is null ? null : "in " + run, origin is null ? null : origin.Length > 200 ? origin[..200] : origin }.OfType<string>());
        return $"{message}{(where.Length > 0 ? $" [{where}]" : string.Empty)} (an unexpected error; please report it with the command line that caused it)";
    }

    private static string Kind(Type type, string token)
    {
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong) || type == typeof(byte))
        {
            bool digits = WholeNumber().IsMatch(token);
            string max = Convert.ToString(type.GetField("MaxValue")!.GetValue(null), CultureInfo.InvariantCulture)!;
            return digits ? $"is out of range (a whole number, at most {max})" : "is not a whole number";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "is not a number";
        }

        if (type == typeof(bool))
        {
            return "is not true or false";
        }

        if (type.IsEnum)
        {
            return $"is not one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}";
        }

        return type == typeof(FileInfo) || type == typeof(DirectoryInfo) || type == typeof(string) ? "is not a valid path" : "is not a valid value";
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Trim();
    }

    /// <summary>"System.Nullable`1[System.Int64]" and the like become their short names.</summary>
    private static string Scrub(string text) => TypeName().Replace(text, m => m.Groups[1].Value);

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^[+-]?\d+$")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"\bSystem\.(?:[A-Za-z_][\w`]*\.)*([A-Za-z_][\w`]*)")]
    private static partial Regex TypeName();
}
