namespace NasBench.Cli.Terminal;

/// <summary>A user error the CLI reports as one line on stderr with exit code 1.</summary>
public sealed class CliException(string message) : Exception(message)
{
    public CliException() : this("Command failed.") { }

    public CliException(string message, Exception inner) : this(message + ": " + inner.Message) { }
}
