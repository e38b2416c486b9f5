namespace NasBench.Training.Trainers;

/// <summary>An optimizer whose state (one or two tensors per parameter) can be saved in a checkpoint.</summary>
public interface IParameterOptimizer : IDisposable
{
    /// <summary>Updates every parameter from its gradient with learning rate <paramref name="learningRate"/>.</summary>
    void Step(double learningRate);

    /// <summary>Writes the optimizer's slots (momentum, RMS) into a checkpoint.</summary>
    void Save(BinaryWriter writer);

    /// <summary>Restores the optimizer's slots from a checkpoint.</summary>
    void Load(BinaryReader reader);
}
