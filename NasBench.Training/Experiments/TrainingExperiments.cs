using NasBench.Core.Experiments;

namespace NasBench.Training.Experiments;

/// <summary>The experiment kinds of NasBench.Training: <c>training</c> and <c>transfer</c>.</summary>
public static class TrainingExperiments
{
    public const string TrainingKind = "training";

    public const string TransferKind = "transfer";

    /// <summary>Registers both request kinds with <see cref="ExperimentJson"/> (idempotent; call at startup).</summary>
    public static void Register()
    {
        ExperimentJson.Register<TrainingRequest>(TrainingKind);
        ExperimentJson.Register<TransferRequest>(TransferKind);
    }
}
