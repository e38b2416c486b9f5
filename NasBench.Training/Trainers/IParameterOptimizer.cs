namespace NasBench.Training.Trainers;

/// <summary>An optimizer whose state (one or two tensors per parameter) can be saved in a checkpoint.</summary>
public interface IParameterOptimizer : IDisposable
{
    /// <summary>Updates every parameter from its gradient with learning rate <paramref name="learningRate"/>.</summary>
    void Step(double learningRate);

    void Save(BinaryWriter writer);

    void Load(BinaryReader reader);
}
