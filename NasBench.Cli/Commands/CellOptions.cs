using System.CommandLine;
using NasBench.Cli.Terminal;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>The --adjacency/--operations pair shared by the commands that take one cell.</summary>
public sealed class CellOptions
{
    public Option<string> Adjacency { get; } = new("--adjacency") { Description = "Row-major 0/1 adjacency string (0100 for input→output) or a matrix literal ([[0,1],[0,0]])." };

    public Option<string> Operations { get; } = new("--operations") { Description = "Comma-joined operations, input and output included (split on ',' exactly, as the reference does: no spaces)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Adjacency);
        command.Options.Add(Operations);
    }

    public ModelSpec Parse(ParseResult parse) => ModelSpec.Parse(
        parse.GetValue(Adjacency) ?? throw new CliException("--adjacency is required (a row-major 0/1 string such as 0100, or a matrix literal such as [[0,1],[0,0]])"),
        parse.GetValue(Operations) ?? throw new CliException("--operations is required (comma-joined names)"));
}

/// <summary>Options for the outer network (stem, stacks, cells, classes).</summary>
public sealed class ShapeOptions
{
    public Option<int> Stem { get; } = new("--stem-channels") { Description = "Stem channels.", DefaultValueFactory = _ => NetworkShape.DefaultStemChannels };

    public Option<int> Stacks { get; } = new("--stacks") { Description = "Stacks of cells.", DefaultValueFactory = _ => NetworkShape.DefaultStacks };

    public Option<int> Cells { get; } = new("--cells-per-stack") { Description = "Cells per stack.", DefaultValueFactory = _ => NetworkShape.DefaultCellsPerStack };

    public Option<int> InputChannels { get; } = new("--input-channels") { Description = "Image channels.", DefaultValueFactory = _ => NetworkShape.DefaultInputChannels };

    public Option<int> Classes { get; } = new("--classes") { Description = "Output classes.", DefaultValueFactory = _ => 10 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Stem, Stacks, Cells, InputChannels, Classes })
        {
            command.Options.Add(option);
        }
    }

    public NetworkShape Parse(ParseResult parse)
    {
        foreach (var option in new[] { Stem, Stacks, Cells, InputChannels, Classes })
        {
            if (parse.GetValue(option) < 1)
            {
                throw new CliException($"{option.Name} must be at least 1 (got {parse.GetValue(option)}).");
            }
        }

        var shape = new NetworkShape(parse.GetValue(Stem), parse.GetValue(Stacks), parse.GetValue(Cells), parse.GetValue(InputChannels), parse.GetValue(Classes));
        shape.Validate();
        return shape;
    }
}
