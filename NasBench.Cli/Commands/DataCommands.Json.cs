using System.Text;
using System.Text.Json;

namespace NasBench.Cli.Commands;

public static partial class DataCommands
{
    /// <summary>A Utf8JsonWriter whose text goes to the command's output writer, one document at a time.</summary>
    internal sealed class JsonOutput : IDisposable
    {
        private readonly TextWriter _output;
        private readonly MemoryStream _buffer = new();

        public JsonOutput(TextWriter output, bool indented = false)
        {
            _output = output;
            Json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
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
