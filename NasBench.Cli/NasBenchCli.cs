using System.CommandLine;
using NasBench.Cli.Commands;

namespace NasBench.Cli;

/// <summary>The `nasbench` command tree. Each command group lives in Commands/ and adds itself here.</summary>
public static class NasBenchCli
{
    public static RootCommand Build()
    {
        NasBench.Training.Experiments.TrainingExperiments.Register();
        var root = new RootCommand("nasbench: the NAS-Bench-101 search space, benchmark data, searches, studies and training.");
        root.Subcommands.Add(SpaceCommands.Create());
        root.Subcommands.Add(DataCommands.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(SearchCommands.Create());
        root.Subcommands.Add(SearchCommands.CreateCompare());
        root.Subcommands.Add(StudyCommands.Create());
        root.Subcommands.Add(TrainCommands.Create());
        return root;
    }

    /// <summary>Runs the command line with the given writers (stdout for data, stderr for progress and errors).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await Build().Parse(args).InvokeAsync(config, cancellationToken);
        }
        catch (Exception e) when (e is CliException or NasBench.Core.SearchSpace.OutOfDomainException or IOException or InvalidDataException or FormatException or ArgumentException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}

/// <summary>A user error the CLI reports as one line on stderr with exit code 1.</summary>
public sealed class CliException(string message) : Exception(message)
{
    public CliException() : this("Command failed.") { }

    public CliException(string message, Exception inner) : this(message + ": " + inner.Message) { }
}
