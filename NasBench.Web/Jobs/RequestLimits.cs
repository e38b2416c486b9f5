using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Training.Experiments;
using NasBench.Web.Account;

namespace NasBench.Web.Jobs;

/// <summary>
/// What one request may ask of the server, checked before it is stored (NasBench:Limits): a search's charged queries and
/// runs, a training's memory. Messages name the option, the limit and the setting that raises it.
/// </summary>
/// <remarks>
/// A training's memory, estimated from its shape and batch before any tensor exists:
/// <code>
/// side = 32 (40 for imagenette after its prefix); C_s = stemChannels · 2^s; side_s = side / 2^s
/// activations per image = 3·C·side² (stem) + Σ_s cellsPerStack · 14 · C_s · side_s²
///     (≤ 7 vertices per cell, each keeping about two tensors — convolution and batch-norm output — for the backward pass)
/// parameters ≈ Σ_s cellsPerStack · 5 · 9 · C_s²   (the widest cell: five 3×3 convolutions)
/// bytes = 4 · (batch · activations + 4 · parameters)   (float32; weights, gradients, two optimizer moments)
/// </code>
/// The table's network (stem 128, batch 256) comes to about 11 GB, as on the 16 GB cards it was trained on.
/// </remarks>
public static class RequestLimits
{
    /// <summary>The limits <paramref name="request"/> goes beyond. A training's memory is estimated only when
    /// <paramref name="rulesHold"/> (the request's own rules, which the caller has checked, found nothing: the estimate
    /// needs a valid shape and recipe).</summary>
    public static IReadOnlyList<RequestError> Check(ExperimentRequest request, LabLimitsOptions limits, bool rulesHold)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        var errors = new List<RequestError>();
        if (request is SearchSettings search)
        {
            if (search.Runs > limits.MaxSearchRuns)
            {
                errors.Add(new RequestError("runs", $"--runs is {search.Runs:N0}; this lab allows at most {limits.MaxSearchRuns:N0} (NasBench:Limits:MaxSearchRuns)."));
            }

            double charged = (double)(search.Queries ?? 0) * Math.Max(1, search.Runs) * Math.Max(1, search.AlgorithmList.Count);
            if (charged > limits.MaxSearchQueries)
            {
                errors.Add(new RequestError("queries", $"--queries × --runs × algorithms is {charged:G3}; this lab allows at most {limits.MaxSearchQueries:N0} benchmark queries per experiment (NasBench:Limits:MaxSearchQueries)."));
            }
        }

        if (rulesHold && request is TrainingRequestBase training && TrainingBytes(training) is var bytes && bytes > limits.TrainingMemoryBytes)
        {
            errors.Add(new RequestError("batchSize",
                $"This training needs about {bytes / (double)(1L << 30):0.#} GiB (stem {training.StemChannels}, batch {training.BatchSize ?? training.ResolveRecipe().BatchSize}); " +
                $"the devices of this lab hold {limits.TrainingMemoryBytes / (double)(1L << 30):0.#} GiB (NasBench:Limits:TrainingMemoryBytes). Use a smaller --batch-size or --stem-channels."));
        }

        return errors;
    }

    /// <summary>The estimate of the remarks, in bytes.</summary>
    public static double TrainingBytes(TrainingRequestBase training)
    {
        ArgumentNullException.ThrowIfNull(training);
        double batch = training.BatchSize ?? training.ResolveRecipe().BatchSize;
        double side = training.DatasetName == "imagenette" ? 40 : 32;
        double c = training.StemChannels;
        double activations = 3 * c * side * side;
        double parameters = 0;
        for (int s = 0; s < training.Stacks; s++)
        {
            double channels = c * Math.Pow(2, s), sideS = Math.Max(1, side / Math.Pow(2, s));
            activations += training.CellsPerStack * 14 * channels * sideS * sideS;
            parameters += training.CellsPerStack * 5 * 9 * channels * channels;
        }

        return 4 * ((batch * activations) + (4 * parameters));
    }
}

/// <summary>A launch refused for who is asking or how much they already have running (403 or 429), not for the request.</summary>
public sealed class LaunchRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
