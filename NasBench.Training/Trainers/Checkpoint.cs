using System.Text.Json;
using NasBench.Training.Networks;
using static TorchSharp.torch;

namespace NasBench.Training.Trainers;

/// <summary>
/// The state after a whole epoch: model (weights and batch-norm statistics), optimizer state, and the run's
/// position (epochs done, history, time). Random streams are derived from (seed, epoch), so the epoch number
/// restores them. Files are written under temporary names and then renamed, so a crash leaves the previous one.
/// </summary>
internal sealed record CheckpointState(string Key, int EpochsDone, double Seconds, List<NasBench.Core.Progress.TrainingEpoch> History)
{
    private const string ModelFile = "model.bin", OptimizerFile = "optimizer.bin", StateFile = "state.json";

    public static CheckpointState? TryLoad(string directory, string key, NasBenchNetwork network, IParameterOptimizer optimizer)
    {
        var statePath = Path.Combine(directory, StateFile);
        if (!File.Exists(statePath))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(statePath));
        if (state is null || state.Key != key)
        {
            return null;
        }

        network.load(Path.Combine(directory, ModelFile));
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(directory, OptimizerFile)));
        optimizer.Load(reader);
        return state;
    }

    public void Save(string directory, NasBenchNetwork network, IParameterOptimizer optimizer)
    {
        Directory.CreateDirectory(directory);
        string Temp(string name) => Path.Combine(directory, name + ".tmp");
        network.save(Temp(ModelFile));
        using (var writer = new BinaryWriter(File.Create(Temp(OptimizerFile))))
        {
            optimizer.Save(writer);
        }

        File.WriteAllText(Temp(StateFile), JsonSerializer.Serialize(this));
        foreach (var name in new[] { ModelFile, OptimizerFile, StateFile })
        {
            File.Move(Temp(name), Path.Combine(directory, name), overwrite: true);
        }
    }
}
