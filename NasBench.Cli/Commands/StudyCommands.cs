using System.CommandLine;
using System.Globalization;
using NasBench.Cli.Plots;
using NasBench.Core.Studies.Distance;
using NasBench.Core.Studies.PerformantCells;

namespace NasBench.Cli.Commands;

/// <summary>`nasbench study …`: distance vs accuracy, performant cells, correlation of two accuracy lists.</summary>
public static partial class StudyCommands
{
    public static Command Create()
    {
        var study = new Command("study", "The seed paper's studies: distance vs accuracy, performant cells, correlations, transfer to other datasets.");
        study.Subcommands.Add(Distance());
        study.Subcommands.Add(Cells());
        study.Subcommands.Add(Correlate());
        study.Subcommands.Add(TransferStudyCommand.Create());
        return study;
    }

    private static Option<string> OutOption() => new("--out") { Description = "Output folder for the plots.", DefaultValueFactory = _ => "nasbench-out" };

    private static Command Distance()
    {
        var source = new BenchmarkSourceOptions();
        var pairs = new Option<int>("--pairs") { Description = "Random pairs of cells.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the pairs and the bootstrap.", DefaultValueFactory = _ => 0 };
        var sampler = new Option<string>("--sampler") { Description = "auto, raw (the seed's raw sampler) or store (the store's cells).", DefaultValueFactory = _ => "auto" };
        var output = OutOption();
        var command = new Command("distance", "Distance between cells vs |Δ mean validation accuracy| (the seed paper's Figure 4), for three distances.") { pairs, seed, sampler, output };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var tables = source.Load(parse);
            var options = new DistanceStudyOptions
            {
                Pairs = parse.GetValue(pairs),
                Seed = parse.GetValue(seed),
                Sampler = parse.GetValue(sampler) switch
                {
                    "auto" => PairSampler.Auto,
                    "raw" => PairSampler.RawMatrix,
                    "store" => PairSampler.StoreCells,
                    var s => throw new CliException($"Unknown --sampler '{s}': use auto, raw or store."),
                },
            };
            var result = DistanceStudy.Run(tables, options);
            var w = parse.InvocationConfiguration.Output;
            string tag = BenchmarkSourceOptions.Tag(tables);
            w.WriteLine($"benchmark: {BenchmarkSourceOptions.Describe(tables)}");
            w.WriteLine($"{options.Pairs} pairs, sampler {result.Sampler}, seed {options.Seed}; accuracy = mean validation accuracy over 3 repeats  [{tag}]");
            w.WriteLine($"{"distance",-8} {"pearson r",10} {"p",10} {"spearman r",11} {"p",10} {"kendall tau",12} {"p",10}");
            foreach (var d in result.Distances)
            {
                var c = d.Correlation;
                w.WriteLine(Inv($"{d.Distance,-8} {c.Pearson.R,10:F4} {c.Pearson.P,10:G3} {c.Spearman.R,11:F4} {c.Spearman.P,10:G3} {c.Kendall.R,12:F4} {c.Kendall.P,10:G3}"));
            }

            foreach (var d in result.Distances)
            {
                w.WriteLine($"mean |Δ accuracy| by {d.Distance} distance  [{tag}]");
                foreach (var bin in d.Bins)
                {
                    w.WriteLine(Inv($"  {bin.Distance,4} {bin.Pairs,6} pairs  {bin.MeanAbsoluteDelta:F5}"));
                }
            }

            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            parse.InvocationConfiguration.Error.WriteLine($"wrote {StudyPlots.Distance(Path.Combine(dir, "distance_vs_accuracy.png"), result, tag)}");
            return 0;
        });
        return command;
    }

    private static Command Cells()
    {
        var source = new BenchmarkSourceOptions();
        var threshold = new Option<double>("--threshold") { Description = "Performant: mean accuracy strictly above this.", DefaultValueFactory = _ => 0.92 };
        var test = new Option<bool>("--test") { Description = "Threshold the mean test accuracy instead of the mean validation accuracy." };
        var output = OutOption();
        var command = new Command("cells", "Features of performant cells vs all cells (the seed paper's §3.5), with a chi-square test per feature.") { threshold, test, output };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var tables = source.Load(parse);
            var result = PerformantCellsStudy.Run(tables, new PerformantCellsOptions { Threshold = parse.GetValue(threshold), UseTestAccuracy = parse.GetValue(test) });
            var w = parse.InvocationConfiguration.Output;
            string tag = BenchmarkSourceOptions.Tag(tables);
            w.WriteLine($"benchmark: {BenchmarkSourceOptions.Describe(tables)}");
            w.WriteLine(Inv($"{result.Performant:N0} of {result.All:N0} cells have mean {(result.Options.UseTestAccuracy ? "test" : "validation")} accuracy > {result.Options.Threshold}  [{tag}]"));
            w.WriteLine($"{"feature",-28} {"performant",11} {"all",8} {"chi²",10} {"p",10} {"q (BH)",10}");
            foreach (var f in result.Features)
            {
                w.WriteLine(Inv($"{f.Feature,-28} {f.PerformantFrequency,11:P1} {f.AllFrequency,8:P1} {f.ChiSquare,10:F2} {f.P,10:G3} {f.Q,10:G3}"));
            }

            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            parse.InvocationConfiguration.Error.WriteLine($"wrote {StudyPlots.Cells(Path.Combine(dir, "performant_cells.png"), result, tag)}");
            return 0;
        });
        return command;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
