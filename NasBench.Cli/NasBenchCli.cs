using System.CommandLine;
using System.CommandLine.Invocation;
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
        root.Subcommands.Add(Client.SubmitCommand.Create());
        return root;
    }

    /// <summary>
    /// Runs the command line with the given writers (stdout for data, stderr for progress and errors). Nothing
    /// escapes: a parse error is one line per problem naming the option (exit code 2), any failure one line
    /// `error: message` (exit code 1), a cancel "error: cancelled" (130); never a stack trace or a .NET type name.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var parse = Build().Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
            {
                foreach (var problem in parse.Errors)
                {
                    await error.WriteLineAsync($"error: {CliErrors.Describe(problem)}");
                }

                await error.WriteLineAsync($"(see `nasbench {string.Join(' ', CommandPath(parse.CommandResult))} --help`)");
                return 2;
            }

            // No ProcessTerminationTimeout: the program turns the signals into the token passed here (Program.cs).
            var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("error: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"error: {CliErrors.Describe(e)}");
            return 1;
        }
    }

    private static Stack<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var r = result; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
        {
            names.Push(r.Command.Name);
        }

        return names;
    }
}

/// <summary>A user error the CLI reports as one line on stderr with exit code 1.</summary>
public sealed class CliException(string message) : Exception(message)
{
    public CliException() : this("Command failed.") { }

    public CliException(string message, Exception inner) : this(message + ": " + inner.Message) { }
}
