using static TorchSharp.torch;

namespace NasBench.Training.Trainers;

/// <summary>Writes and reads optimizer state tensors (float32, in order) as raw little-endian floats.</summary>
internal static class OptimizerState
{
    public static void Save(BinaryWriter writer, IEnumerable<Tensor> tensors)
    {
        foreach (var t in tensors)
        {
            using var cpu = t.detach().cpu().contiguous();
            var data = cpu.data<float>().ToArray();
            writer.Write(data.Length);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        }
    }

    public static void Load(BinaryReader reader, IEnumerable<Tensor> tensors)
    {
        foreach (var t in tensors)
        {
            int n = reader.ReadInt32();
            if (n != t.numel())
            {
                throw new InvalidDataException($"Optimizer state has {n} values where the parameter has {t.numel()}: the checkpoint belongs to another network.");
            }

            var data = new float[n];
            reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));

            using var loaded = tensor(data, t.shape);
            using var noGrad = no_grad();
            t.copy_(loaded);
        }
    }
}
