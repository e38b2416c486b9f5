using System.CommandLine;
using System.Diagnostics;
using NasBench.Cli.Terminal;
using NasBench.Core;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench space …`: hash, enumerate, params, show, bench.</summary>
public static class SpaceCommands
{
    public static Command Create()
    {
        var space = new Command("space", "The NAS-Bench-101 search space: hash, enumerate, params, show, bench.");
        space.Subcommands.Add(Hash());
        space.Subcommands.Add(Enumerate());
        space.Subcommands.Add(Params());
        space.Subcommands.Add(Show());
        space.Subcommands.Add(SpaceBench.Create());
        return space;
    }

    private static Command Hash()
    {
        var cell = new CellOptions();
        var file = new Option<FileInfo?>("--file") { Description = "TSV with a header and columns raw_adjacency, raw_operations; writes one status row per spec." };
        var command = new Command("hash", "Print the module hash of a cell, or hash every spec of a TSV file.") { file };
        cell.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var path = parse.GetValue(file);
            if (path is null)
            {
                output.WriteLine(cell.Parse(parse).Hash.ToString());
                return 0;
            }

            HashTsv.Run(path, output, parse.InvocationConfiguration.Error);
            return 0;
        });
        return command;
    }

    private static Command Enumerate()
    {
        var outFile = new Option<FileInfo?>("--out") { Description = "Write all unique cells as TSV (hash, adjacency, operations) in enumeration order." };
        var indexPath = new Option<string?>("--index") { Description = "Where to save the cell index (default: the data folder)." };
        var verify = new Option<bool>("--verify") { Description = "Also hash all 1,293,208 labeled graphs with MD5, as the reference does, and check each against its cell (slow: ~half a minute)." };
        var command = new Command("enumerate", "Enumerate all 423,624 unique cells as the reference does; print counts per vertex count.") { outFile, indexPath, verify };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            using var progress = new ProgressLine(error, "enumerating");
            var index = SpaceEnumerator.Enumerate(progress);
            progress.Done();
            error.WriteLine("V\tvalid_matrices\tlabeled_graphs\tnew_unique_hashes");
            foreach (var s in index.Stats)
            {
                error.WriteLine($"{s.Vertices}\t{s.ValidMatrices}\t{s.LabeledGraphs}\t{s.NewUniqueCells}");
            }

            error.WriteLine($"total\t\t{index.Stats.Sum(s => s.LabeledGraphs)}\t{index.Count}");
            error.WriteLine($"enumeration took {index.BuildTime.TotalSeconds:F2} s on {Environment.ProcessorCount} cores");
            if (parse.GetValue(verify))
            {
                var watch = Stopwatch.StartNew();
                using var verifying = new ProgressLine(error, "verifying with MD5");
                int graphs = SpaceEnumerator.VerifyAgainstMd5(index, 1, verifying);
                verifying.Done();
                error.WriteLine($"verified: all {graphs:N0} labeled graphs hash to their cell's hash ({watch.Elapsed.TotalSeconds:F1} s)");
            }

            string target = parse.GetValue(indexPath) ?? NasBenchPaths.CellIndexPath;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            index.Save(target);
            error.WriteLine($"index saved to {target}");
            var tsv = parse.GetValue(outFile);
            if (tsv is not null)
            {
                WriteCells(index, tsv.FullName);
                error.WriteLine($"cells written to {tsv.FullName}");
            }

            return 0;
        });
        return command;
    }

    private static void WriteCells(CellIndex index, string path)
    {
        string temp = path + ".tmp";
        using (var writer = new StreamWriter(temp))
        {
            writer.Write("hash\tadjacency\toperations\n");
            for (int i = 0; i < index.Count; i++)
            {
                var cell = index.Cell(i);
                writer.Write($"{index.Hash(i)}\t{cell.ToAdjacencyString()}\t{cell.ToOperationsString()}\n");
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    private static Command Params()
    {
        var cell = new CellOptions();
        var shape = new ShapeOptions();
        var command = new Command("params", "Print the trainable parameter count of the NAS-Bench-101 network built from a cell.");
        cell.AddTo(command);
        shape.AddTo(command);
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(TrainableParameters.Count(cell.Parse(parse).Cell, shape.Parse(parse)));
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var cell = new CellOptions();
        var shape = new ShapeOptions();
        var command = new Command("show", "Show the pruned spec, hash, vertex channels per stack and parameter count.");
        cell.AddTo(command);
        shape.AddTo(command);
        command.SetAction(parse =>
        {
            var spec = cell.Parse(parse);
            var net = shape.Parse(parse);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"hash:        {spec.Hash}");
            o.WriteLine($"vertices:    {spec.VertexCount} (given {spec.OriginalVertexCount})   edges: {spec.EdgeCount}");
            o.WriteLine("pruned matrix and operations:");
            for (int x = 0; x < spec.VertexCount; x++)
            {
                var row = string.Join(' ', Enumerable.Range(0, spec.VertexCount).Select(y => spec.Cell.HasEdge(x, y) ? "1" : "0"));
                o.WriteLine($"  {x}: {row}   {spec.Cell.Operation(x)}");
            }

            int inChannels = net.StemChannels;
            for (int stack = 0; stack < net.Stacks; stack++)
            {
                int outChannels = net.StackChannels(stack);
                var first = VertexChannels.Compute(inChannels, outChannels, spec.Cell);
                var rest = VertexChannels.Compute(outChannels, outChannels, spec.Cell);
                o.WriteLine($"stack {stack + 1}: vertex channels [{string.Join(", ", first)}]" + (net.CellsPerStack > 1 && stack > 0 ? $", then [{string.Join(", ", rest)}]" : string.Empty));
                inChannels = outChannels;
            }

            o.WriteLine($"trainable parameters: {TrainableParameters.Count(spec.Cell, net):N0}");
            return 0;
        });
        return command;
    }
}
