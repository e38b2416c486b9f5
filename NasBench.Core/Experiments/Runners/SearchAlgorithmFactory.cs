using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Experiments.Runners;

/// <summary>Turns a validated search request into the configurations of its algorithms, with the benchmark's policy applied.</summary>
public static class SearchAlgorithmFactory
{
    /// <summary>One configuration per algorithm of the request. On a partial benchmark samplers are restricted to its
    /// cells and the auto sampler of random search is uniform over them (the policy <see cref="OpenBenchmark.Notes"/> states).</summary>
    /// <param name="request">The validated request.</param>
    /// <param name="complete">Whether the benchmark holds the whole space.</param>
    /// <param name="predictors">The meta-DNN of alphax (NasBench.Training's); null where none is available.</param>
    public static IReadOnlyList<SearchConfiguration> Configurations(SearchSettings request, bool complete, IArchitecturePredictorFactory? predictors = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var protocol = SearchProtocols.Parse(request.Protocol);
        return [.. request.AlgorithmList.Select(name => new SearchConfiguration(Options(request, name, complete, predictors), request.Budget, protocol, request.Seed, request.Epochs))];
    }

    private static SearchAlgorithmOptions Options(SearchSettings r, string name, bool complete, IArchitecturePredictorFactory? predictors)
    {
        bool restrict = r.RestrictToStore || !complete;
        CellKey? start = r.StartCell is { } text ? CellSampler.PadToSeven(CellArgument.Parse(text, "startCell").Cell) : null;
        SearchAlgorithmOptions options = name switch
        {
            "random" => new RandomSearchOptions
            {
                RestrictToStore = restrict,
                Sampler = CellDistributions.Resolve(r.Sampler, complete),
                WithoutReplacement = r.WithoutReplacement,
            },
            "evolution" => new EvolutionSearchOptions { StartCell = start, RestrictToStore = restrict, PopulationSize = r.Population, TournamentSize = r.Tournament, MutationRate = r.MutationRate },
            "tree" => new TreeSearchOptions { RestrictToStore = restrict, Exploration = r.Exploration, ExpandAllOperations = r.ExpandAllOps },
            "local" => new LocalSearchOptions
            {
                StartCell = start, RestrictToStore = restrict, ReuseEvaluations = r.ReuseEvaluations, SkipKnown = r.SkipKnown,
                FirstImprovement = r.FirstImprovement, ContinueAtMinimum = r.ContinueAtMinimum, StartSamples = r.StartSamples,
            },
            "sh" => new HyperbandSearchOptions { RestrictToStore = restrict, SuccessiveHalving = true, MaxEpochs = r.Epochs, MinEpochs = Math.Min(4, r.Epochs) },
            "hyperband" => new HyperbandSearchOptions { RestrictToStore = restrict, MaxEpochs = r.Epochs, MinEpochs = Math.Min(4, r.Epochs) },
            "bohb" => new BohbSearchOptions { RestrictToStore = restrict, MaxEpochs = r.Epochs, MinEpochs = Math.Min(4, r.Epochs) },
            "reinforce" => new ReinforceSearchOptions { RestrictToStore = restrict },
            "tpe" => new TpeSearchOptions { RestrictToStore = restrict },
            AlphaXSearchOptions.AlgorithmName => new AlphaXSearchOptions { RestrictToStore = restrict, Predictor = predictors },
            BananasSearchOptions.AlgorithmName => new BananasSearchOptions { RestrictToStore = restrict, Predictor = predictors },
            _ => throw new RequestValidationException([new RequestError("algorithm", $"Unknown algorithm '{name}': use {SearchSettings.AlgorithmNameList}.")]),
        };
        options.Validate();
        return options;
    }
}
