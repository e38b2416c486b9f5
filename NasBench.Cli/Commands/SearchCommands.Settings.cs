using System.CommandLine;
using NasBench.Core.Experiments;

namespace NasBench.Cli.Commands;

/// <summary>The options of `search` and `compare`, turned into a <see cref="SearchRequest"/> or <see cref="CompareRequest"/> (defaults and rules live there).</summary>
internal sealed class SearchSettingsOptions
{
    private static readonly SearchRequest Defaults = new();

    public Option<long?> Queries { get; } = new("--queries") { Description = "Budget: number of queries." };

    public Option<double?> SimulatedSeconds { get; } = new("--simulated-seconds") { Description = $"Budget: simulated training time in seconds (default {SearchSettings.DefaultSimulatedSeconds:G} when no budget is given)." };

    public Option<double?> WallClockSeconds { get; } = new("--wallclock-seconds") { Description = "Budget: real time per run in seconds." };

    public Option<int> Runs { get; } = new("--runs") { Description = "Independent runs (each with its own random stream derived from --seed), run in parallel.", DefaultValueFactory = _ => Defaults.Runs };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the experiment.", DefaultValueFactory = _ => Defaults.Seed };

    public Option<string> Protocol { get; } = new("--protocol") { Description = "nb101 (one random repeat per query) or mean3 (means of the 3 repeats).", DefaultValueFactory = _ => Defaults.Protocol };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epoch budget of every query: 4, 12, 36 or 108.", DefaultValueFactory = _ => Defaults.Epochs };

    public Option<string> Out { get; } = new("--out") { Description = "Output folder.", DefaultValueFactory = _ => "nasbench-out" };

    public Option<string> Plot { get; } = new("--plot") { Description = "Figures: regret (test regret, log axis, as the NAS-Bench-101 paper) or accuracy.", DefaultValueFactory = _ => Defaults.Plot };

    public Option<CellDistribution> Sampler { get; } = new("--sampler") { Description = "Random search: auto (raw on a complete benchmark, uniform over a partial one), raw (the seed's raw-matrix sampler) or uniform (uniform over unique cells).", DefaultValueFactory = _ => Defaults.Sampler };

    public Option<int> Population { get; } = new("--population") { Description = "Evolution: population size (the NAS-Bench-101 paper used 100).", DefaultValueFactory = _ => Defaults.Population };

    public Option<int> Tournament { get; } = new("--tournament") { Description = "Evolution: tournament size.", DefaultValueFactory = _ => Defaults.Tournament };

    public Option<double> MutationRate { get; } = new("--mutation-rate") { Description = "Evolution: mutation rate.", DefaultValueFactory = _ => Defaults.MutationRate };

    public Option<double> Exploration { get; } = new("--exploration") { Description = "Tree search: UCB1 constant C.", DefaultValueFactory = _ => Defaults.Exploration };

    public Option<bool> ExpandAllOps { get; } = new("--expand-all-ops") { Description = "Tree search: children for every other op of each vertex, not one random." };

    public Option<bool> WithoutReplacement { get; } = new("--without-replacement") { Description = "Random search: never query a cell twice (naszilla's random search)." };

    public Option<bool> ReuseEvaluations { get; } = new("--reuse-evaluations") { Description = "Local search: do not re-query cells already evaluated." };

    public Option<bool> SkipKnown { get; } = new("--skip-known") { Description = "Local search: skip neighbours already queried (neither queried nor compared), as naszilla does." };

    public Option<bool> FirstImprovement { get; } = new("--first-improvement") { Description = "Local search: move to the first better neighbour (naszilla's default), not the best of the neighbourhood." };

    public Option<bool> ContinueAtMinimum { get; } = new("--continue-at-minimum") { Description = "Local search: at a local minimum continue from the best queried cell not yet expanded (naszilla's stop_at_minimum = False), not from a new random cell." };

    public Option<int> StartSamples { get; } = new("--start-samples") { Description = "Local search: random cells queried per start; the climb starts from the best (naszilla: 10).", DefaultValueFactory = _ => Defaults.StartSamples };

    public Option<bool> Restrict { get; } = new("--restrict-to-store") { Description = "Sample only cells the benchmark holds (automatic for partial benchmarks)." };

    public Option<string?> StartCell { get; } = new("--start-cell") { Description = $"Local search, evolution: the cell to start from: the --adjacency and --operations values of `train` separated by a space, e.g. '{CellArgument.Example}' (local search queries it first; evolution's population is it and mutants of it)." };

    public void AddTo(Command command)
    {
        Option[] all = [StartCell, Queries, SimulatedSeconds, WallClockSeconds, Runs, Seed, Protocol, Epochs, Out, Plot, Sampler, Population, Tournament, MutationRate, Exploration, ExpandAllOps, WithoutReplacement, ReuseEvaluations, SkipKnown, FirstImprovement, ContinueAtMinimum, StartSamples, Restrict];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Fills the shared search settings of a request from the parsed options.</summary>
    public T Fill<T>(ParseResult parse, BenchmarkSourceOptions source, T request)
        where T : SearchSettings => source.Fill(parse, request) with
        {
            Queries = parse.GetValue(Queries),
            SimulatedSeconds = parse.GetValue(SimulatedSeconds),
            WallclockSeconds = parse.GetValue(WallClockSeconds),
            Runs = parse.GetValue(Runs),
            Seed = parse.GetValue(Seed),
            Protocol = parse.GetValue(Protocol)!,
            Epochs = parse.GetValue(Epochs),
            Plot = parse.GetValue(Plot)!,
            Sampler = parse.GetValue(Sampler),
            Population = parse.GetValue(Population),
            Tournament = parse.GetValue(Tournament),
            MutationRate = parse.GetValue(MutationRate),
            Exploration = parse.GetValue(Exploration),
            ExpandAllOps = parse.GetValue(ExpandAllOps),
            WithoutReplacement = parse.GetValue(WithoutReplacement),
            ReuseEvaluations = parse.GetValue(ReuseEvaluations),
            SkipKnown = parse.GetValue(SkipKnown),
            FirstImprovement = parse.GetValue(FirstImprovement),
            ContinueAtMinimum = parse.GetValue(ContinueAtMinimum),
            StartSamples = parse.GetValue(StartSamples),
            RestrictToStore = parse.GetValue(Restrict),
            StartCell = parse.GetValue(StartCell),
        };
}
