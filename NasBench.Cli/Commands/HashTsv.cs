using NasBench.Cli.Terminal;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench space hash --file`: one status row per raw spec of a TSV file.</summary>
internal static class HashTsv
{
    public static void Run(FileInfo path, TextWriter output, TextWriter error)
    {
        if (!path.Exists)
        {
            throw new CliException($"The spec file '{path.FullName}' does not exist.");
        }

        using var reader = path.OpenText();
        var header = (reader.ReadLine() ?? throw new CliException($"'{path.Name}' is empty: expected a header with raw_adjacency and raw_operations.")).Split('\t');
        int adjacencyColumn = Array.IndexOf(header, "raw_adjacency");
        int operationsColumn = Array.IndexOf(header, "raw_operations");
        if (adjacencyColumn < 0 || operationsColumn < 0)
        {
            throw new CliException($"'{path.Name}' needs the columns raw_adjacency and raw_operations in its header; found: {string.Join(", ", header)}.");
        }

        output.Write("raw_adjacency\traw_operations\tstatus\thash\tpruned_adjacency\tpruned_operations\n");
        int line = 1, ok = 0, rows = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split('\t');
            if (fields.Length <= Math.Max(adjacencyColumn, operationsColumn))
            {
                throw new CliException($"Line {line} of '{path.Name}' has {fields.Length} columns; the header has {header.Length}.");
            }

            string adjacency = fields[adjacencyColumn], operations = fields[operationsColumn];
            var check = ModelSpec.Check(adjacency, operations);
            rows++;
            if (check.Spec is { } spec)
            {
                ok++;
                output.Write($"{adjacency}\t{operations}\tok\t{spec.Hash}\t{spec.AdjacencyString}\t{spec.OperationsString}\n");
            }
            else
            {
                output.Write($"{adjacency}\t{operations}\t{OutOfDomainException.StatusName(check.Status)}\t\t\t\n");
            }
        }

        error.WriteLine($"{rows} specs, {ok} ok, {rows - ok} not in the space");
    }
}
