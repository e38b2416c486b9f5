using System.CommandLine;
using NasBench.Cli.Commands;
using NasBench.Cli.Terminal;

namespace NasBench.Cli;

/// <summary>The `nasbench` command tree. Each command group lives in Commands/ and adds itself here.</summary>
public static class NasBenchCli
{
    public static RootCommand Build()
    {
        NasBench.Training.TrainingExperiments.Register();
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
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        CommandLineRunner.RunAsync(Build(), args, output, error, cancellationToken);
}
