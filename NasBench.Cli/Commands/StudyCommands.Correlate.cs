using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NasBench.Cli.Plots;
using NasBench.Core.Statistics;

namespace NasBench.Cli.Commands;

public static partial class StudyCommands
{
    private static Command Correlate()
    {
        var file = new Option<string>("--file") { Description = "A CSV file with a header row." };
        var x = new Option<string>("--x") { Description = "Column of the first accuracy list." };
        var y = new Option<string>("--y") { Description = "Column of the second accuracy list." };
        var rows = new Option<int?>("--rows") { Description = "Use only the first N data rows." };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the confidence intervals.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap.", DefaultValueFactory = _ => 0 };
        var output = OutOption();
        var command = new Command("correlate", "Pearson, Spearman and Kendall correlation of two columns (table on stderr, one JSON object on stdout).") { file, x, y, rows, bootstrap, seed, output };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file) ?? throw new CliException("--file is required");
            string xName = parse.GetValue(x) ?? throw new CliException("--x is required");
            string yName = parse.GetValue(y) ?? throw new CliException("--y is required");
            var (xs, ys) = ReadColumns(path, xName, yName, parse.GetValue(rows) ?? int.MaxValue);
            var r = Correlation.Compute(xs, ys, parse.GetValue(bootstrap), parse.GetValue(seed));
            var error = parse.InvocationConfiguration.Error;
            error.WriteLine($"{xName} vs {yName}: n = {r.N}");
            error.WriteLine($"{"method",-9} {"r",9} {"p",11} {"95 % CI (bootstrap)",22}");
            foreach (var (name, c) in new[] { ("pearson", r.Pearson), ("spearman", r.Spearman), ("kendall", r.Kendall) })
            {
                error.WriteLine(Inv($"{name,-9} {c.R,9:F4} {c.P,11:G4} {$"[{c.CiLow:F4}, {c.CiHigh:F4}]",22}"));
            }

            var json = new Dictionary<string, object>
            {
                ["n"] = r.N,
                ["pearson"] = Coefficient(r.Pearson),
                ["spearman"] = Coefficient(r.Spearman),
                ["kendall"] = Coefficient(r.Kendall),
            };
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(json));
            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            error.WriteLine($"wrote {StudyPlots.Scatter(Path.Combine(dir, "correlate.png"), xs, ys, xName, yName, r)}");
            return 0;
        });
        return command;
    }

    private static Dictionary<string, double?> Coefficient(CorrelationCoefficient c) => new()
    {
        ["r"] = Finite(c.R),
        ["p"] = Finite(c.P),
        ["ci_low"] = Finite(c.CiLow),
        ["ci_high"] = Finite(c.CiHigh),
    };

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static (double[] X, double[] Y) ReadColumns(string path, string xName, string yName, int maxRows)
    {
        using var reader = new StreamReader(path);
        var header = NasBench.Core.CsvLine.Split(reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty."));
        int ix = Array.IndexOf(header, xName), iy = Array.IndexOf(header, yName);
        if (ix < 0 || iy < 0)
        {
            throw new CliException($"{path} has no column '{(ix < 0 ? xName : yName)}' (columns: {string.Join(", ", header)}).");
        }

        var xs = new List<double>();
        var ys = new List<double>();
        int line = 1;
        for (string? text = reader.ReadLine(); text is not null && xs.Count < maxRows; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var f = NasBench.Core.CsvLine.Split(text);
            if (f.Length <= Math.Max(ix, iy)
                || !double.TryParse(f[ix], NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
                || !double.TryParse(f[iy], NumberStyles.Float, CultureInfo.InvariantCulture, out double b))
            {
                throw new InvalidDataException($"{path}:{line}: '{xName}' or '{yName}' is missing or not a number.");
            }

            xs.Add(a);
            ys.Add(b);
        }

        return ([.. xs], [.. ys]);
    }
}
