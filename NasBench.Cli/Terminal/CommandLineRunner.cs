using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace NasBench.Cli.Terminal;

/// <summary>
/// Runs a command line of a command tree the way `nasbench` does (its own runs, and `nasbench submit`'s local check of
/// the submitted command): parse errors and failures as the one-line messages of <see cref="CliErrors"/>.
/// </summary>
public static class CommandLineRunner
{
    /// <summary>
    /// Runs <paramref name="args"/> on <paramref name="root"/> with the given writers (stdout for data, stderr for progress
    /// and errors). Nothing escapes: a parse error is one line per problem naming the option (exit code 2), any failure
    /// one line `error: message` (exit code 1), a cancel "error: cancelled" (130); never a stack trace or a .NET type name.
    /// </summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var parse = root.Parse(args);
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

    private static Stack<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (var r = result; r?.Parent is CommandResult parent; r = parent)
        {
            names.Push(r.Command.Name);
        }

        return names;
    }
}
