using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;
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
        if (request is SessionRequest sessions)
        {
            return [sessions.Configuration()];    // ask/tell: the algorithm runs outside the lab
        }

        var protocol = SearchProtocols.Parse(request.Protocol);
        return [.. request.AlgorithmList.Select(name => new SearchConfiguration(Options(request, name, complete, predictors), request.Budget, protocol, request.Seed, request.Epochs))];
    }

    private static SearchAlgorithmOptions Options(SearchSettings r, string name, bool complete, IArchitecturePredictorFactory? predictors)
    {
        var entry = SearchAlgorithms.Find(name)
            ?? throw new RequestValidationException([new RequestError("algorithm", $"Unknown algorithm '{name}': use {SearchSettings.AlgorithmNameList}.")]);
        CellKey? start = r.StartCell is { } text ? CellSampler.PadToSeven(CellArgument.Parse(text, "startCell").Cell) : null;
        var options = entry.Get(r).ForRun(new SearchRunContext(name, r.RestrictToStore || !complete, complete, start, r.Epochs, predictors));
        options.Validate();
        return options;
    }
}
