using System.CommandLine;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench space …`: hashing, enumeration, parameter counts.</summary>
public static class SpaceCommands
{
    public static Command Create()
    {
        var space = new Command("space", "The NAS-Bench-101 search space: hash, enumerate, params, show.");
        space.Subcommands.Add(Hash());
        return space;
    }

    private static Command Hash()
    {
        var adjacency = new Option<string>("--adjacency") { Description = "Row-major 0/1 adjacency string, e.g. 0100 for input→output." };
        var operations = new Option<string>("--operations") { Description = "Comma-joined operations, input and output included." };
        var command = new Command("hash", "Print the module hash of a cell.") { adjacency, operations };
        command.SetAction(parse =>
        {
            var spec = ModelSpec.Parse(parse.GetValue(adjacency) ?? throw new CliException("--adjacency is required"),
                parse.GetValue(operations) ?? throw new CliException("--operations is required"));
            parse.InvocationConfiguration.Output.WriteLine(spec.Hash.ToString());
            return 0;
        });
        return command;
    }
}
