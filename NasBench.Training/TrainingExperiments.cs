using NasBench.Core.Experiments;
using NasBench.Training.Advisor;
using NasBench.Training.Experiments;
using NasBench.Training.Trainers;

namespace NasBench.Training;

/// <summary>
/// The experiment kinds of NasBench.Training: <c>training</c>, <c>transfer</c>, <c>proxies</c> and <c>advise</c>. The
/// registry sits above the folders it names (Experiments, Advisor, Predictors), so none of them needs it: their requests
/// and runners spell their kind as Core's <see cref="ExperimentKinds"/>.
/// </summary>
public static class TrainingExperiments
{
    /// <summary>The <c>kind</c> of a training request.</summary>
    public const string TrainingKind = ExperimentKinds.Training;

    /// <summary>The <c>kind</c> of a transfer-study request.</summary>
    public const string TransferKind = ExperimentKinds.Transfer;

    /// <summary>The <c>kind</c> of a zero-cost-proxies request.</summary>
    public const string ProxiesKind = ExperimentKinds.Proxies;

    /// <summary>The <c>kind</c> of a cell-advisor request.</summary>
    public const string AdviseKind = ExperimentKinds.Advise;

    /// <summary>
    /// The runner of every kind (Core's five, then training, transfer, proxies and advise) for a host that runs experiments: the lab
    /// server's worker. <paramref name="checkpointDirectory"/> is where the transfer study keeps its per-cell checkpoints.
    /// </summary>
    public static IReadOnlyList<IExperimentRunner> Runners(BenchmarkProvider provider, TrainingWorker worker, string? checkpointDirectory = null, bool livePoints = true)
    {
        Register();
        return [.. NasBench.Core.Experiments.Runners.CoreRunners.All(provider, livePoints, Predictors.MetaDnnPredictorFactory.Default), new TrainingRunner(worker), new TransferRunner(provider, worker, checkpointDirectory), new ProxiesRunner(() => provider.Space(), worker, provider), new AdviseRunner(provider, worker, checkpointDirectory)];
    }

    /// <summary>Registers the four request kinds with <see cref="ExperimentJson"/> (idempotent; call at startup).</summary>
    public static void Register()
    {
        ExperimentJson.Register<TrainingRequest>(TrainingKind);
        ExperimentJson.Register<TransferRequest>(TransferKind);
        ExperimentJson.Register<ProxiesRequest>(ProxiesKind);
        ExperimentJson.Register<AdviseRequest>(AdviseKind);
    }
}
