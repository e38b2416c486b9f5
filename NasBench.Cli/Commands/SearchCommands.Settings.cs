using System.CommandLine;
using NasBench.Core.Experiments;
using NasBench.Core.Search;

namespace NasBench.Cli.Commands;

/// <summary>The options that configure searches: algorithm(s) and their options, budget, protocol, runs, seed, output folder.</summary>
internal sealed class SearchSettingsOptions(string defaultAlgorithms, double? defaultSimulated)
{
    private Option<string> _algorithms = null!;

    public Option<long?> Queries { get; } = new("--queries") { Description = "Budget: number of queries." };

    public Option<double?> SimulatedSeconds { get; } = new("--simulated-seconds") { Description = "Budget: simulated training time in seconds (default 5e6 when no budget is given)." };

    public Option<double?> WallClockSeconds { get; } = new("--wallclock-seconds") { Description = "Budget: real time per run in seconds." };

    public Option<int> Runs { get; } = new("--runs") { Description = "Independent runs (seeds seed, seed+1, …), run in parallel.", DefaultValueFactory = _ => 10 };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of run 0.", DefaultValueFactory = _ => 0 };

    public Option<string> Protocol { get; } = new("--protocol") { Description = "nb101 (one random repeat per query) or mean3 (means of the 3 repeats).", DefaultValueFactory = _ => "nb101" };

    public Option<string> Out { get; } = new("--out") { Description = "Output folder.", DefaultValueFactory = _ => "nasbench-out" };

    public Option<string> Sampler { get; } = new("--sampler") { Description = "Random search: raw (the seed's raw-matrix sampler) or uniform (uniform over unique cells).", DefaultValueFactory = _ => "raw" };

    public Option<int> Population { get; } = new("--population") { Description = "Evolution: population size (the NAS-Bench-101 paper used 100).", DefaultValueFactory = _ => 50 };

    public Option<int> Tournament { get; } = new("--tournament") { Description = "Evolution: tournament size.", DefaultValueFactory = _ => 10 };

    public Option<double> MutationRate { get; } = new("--mutation-rate") { Description = "Evolution: mutation rate.", DefaultValueFactory = _ => 1.0 };

    public Option<double> Exploration { get; } = new("--exploration") { Description = "Tree search: UCB1 constant C.", DefaultValueFactory = _ => 1.0 };

    public Option<bool> ExpandAllOps { get; } = new("--expand-all-ops") { Description = "Tree search: children for every other op of each vertex, not one random." };

    public Option<bool> ReuseEvaluations { get; } = new("--reuse-evaluations") { Description = "Local search: do not re-query cells already evaluated." };

    public Option<bool> Restrict { get; } = new("--restrict-to-store") { Description = "Sample only cells the store holds (automatic for partial stores)." };

    public void AddTo(Command command, string algorithmsName, string algorithmsDescription)
    {
        _algorithms = new Option<string>(algorithmsName) { Description = algorithmsDescription, DefaultValueFactory = _ => defaultAlgorithms };
        Option[] all = [_algorithms, Queries, SimulatedSeconds, WallClockSeconds, Runs, Seed, Protocol, Out, Sampler, Population, Tournament, MutationRate, Exploration, ExpandAllOps, ReuseEvaluations, Restrict];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    public List<SearchConfiguration> Configurations(ParseResult parse)
    {
        var budget = new SearchBudget(parse.GetValue(Queries), parse.GetValue(SimulatedSeconds),
            parse.GetValue(WallClockSeconds) is { } w ? TimeSpan.FromSeconds(w) : null);
        if (budget.Queries is null && budget.SimulatedSeconds is null && budget.WallClock is null)
        {
            budget = budget with { SimulatedSeconds = defaultSimulated ?? 5e6 };
        }

        budget.Validate();
        var protocol = SearchProtocols.Parse(parse.GetValue(Protocol)!);
        int seed = parse.GetValue(Seed);
        var list = new List<SearchConfiguration>();
        foreach (string name in parse.GetValue(_algorithms)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var options = Algorithm(parse, name);
            options.Validate();
            list.Add(new SearchConfiguration(options, budget, protocol, seed));
        }

        return list.Count > 0 ? list : throw new CliException("No algorithm given.");
    }

    private SearchAlgorithmOptions Algorithm(ParseResult parse, string name)
    {
        bool restrict = parse.GetValue(Restrict);
        return name.ToLowerInvariant() switch
        {
            "random" => new RandomSearchOptions
            {
                RestrictToStore = restrict,
                Sampler = parse.GetValue(Sampler) switch
                {
                    "raw" => CellDistribution.Raw,
                    "uniform" => CellDistribution.Uniform,
                    var s => throw new CliException($"Unknown --sampler '{s}': use raw or uniform."),
                },
            },
            "evolution" => new EvolutionSearchOptions
            {
                RestrictToStore = restrict,
                PopulationSize = parse.GetValue(Population),
                TournamentSize = parse.GetValue(Tournament),
                MutationRate = parse.GetValue(MutationRate),
            },
            "tree" => new TreeSearchOptions { RestrictToStore = restrict, Exploration = parse.GetValue(Exploration), ExpandAllOperations = parse.GetValue(ExpandAllOps) },
            "local" => new LocalSearchOptions { RestrictToStore = restrict, ReuseEvaluations = parse.GetValue(ReuseEvaluations) },
            _ => throw new CliException($"Unknown algorithm '{name}': use random, evolution, tree or local."),
        };
    }
}
