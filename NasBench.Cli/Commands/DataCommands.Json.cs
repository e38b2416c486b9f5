using System.Text;
using System.Text.Json;

namespace NasBench.Cli.Commands;

/// <summary>
/// The CLI's one JSON style for stdout: snake_case names (the reference's field names), nulls left out, no escaping
/// of '+' or non-ASCII, ONE object per line (scripts and jq read it); <c>--pretty</c> indents it for people.
/// </summary>
public static class CliJson
{
    /// <summary>For JsonSerializer: one object per line.</summary>
    public static JsonSerializerOptions Options => NasBench.Core.ResultJson.Options;

    /// <summary>For JsonSerializer under --pretty.</summary>
    public static JsonSerializerOptions Pretty => NasBench.Core.ResultJson.Pretty;

    /// <summary>For Utf8JsonWriter (the commands that write field by field).</summary>
    public static JsonWriterOptions WriterOptions(bool pretty) => NasBench.Core.ResultJson.WriterOptions(pretty);

    /// <summary>The `--pretty` option of every command that prints JSON.</summary>
    public static System.CommandLine.Option<bool> PrettyOption() => new("--pretty") { Description = "Indent the JSON for people (default: one object per line, for scripts and jq)." };

}

public static partial class DataCommands
{
    /// <summary>A Utf8JsonWriter in the CLI's JSON style whose text goes to the command's output, one document per line.</summary>
    internal sealed class JsonOutput : IDisposable
    {
        private readonly TextWriter _output;
        private readonly MemoryStream _buffer = new();

        public JsonOutput(TextWriter output, bool pretty = false)
        {
            _output = output;
            Json = new Utf8JsonWriter(_buffer, CliJson.WriterOptions(pretty));
        }

        public Utf8JsonWriter Json { get; }

        /// <summary>Flushes the finished document to the output followed by a newline.</summary>
        public void EndLine()
        {
            Json.Flush();
            _output.WriteLine(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
            _buffer.SetLength(0);
            Json.Reset(_buffer);
        }

        public void Dispose()
        {
            Json.Dispose();
            _buffer.Dispose();
        }
    }
}
