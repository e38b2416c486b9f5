using TorchSharp;

namespace NasBench.Training.Trainers;

/// <summary>Device choice, thread count and library versions for the run record.</summary>
public static class TorchRuntime
{
    /// <summary>The TorchSharp assembly's version.</summary>
    public static string TorchSharpVersion { get; } = typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";

    public static torch.Device SelectDevice(string device) => device switch
    {
        "auto" => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        "cpu" => torch.CPU,
        "cuda" when torch.cuda.is_available() => torch.CUDA,
        "cuda" => throw new ArgumentException("CUDA was asked for but is not available (build with -p:TorchRuntime=cuda on a GPU machine)."),
        _ => throw new ArgumentException($"Unknown device '{device}'; use auto, cpu or cuda."),
    };

    /// <summary>True when the device option trains on the CPU (cpu, or auto without CUDA).</summary>
    public static bool IsCpu(string device) => device == "cpu" || (device == "auto" && !torch.cuda.is_available());

    /// <summary>Sets TorchSharp's intra-op threads (process-wide).</summary>
    public static void SetThreads(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentException($"Threads must be at least 1, not {threads}.");
        }

        if (torch.get_num_threads() != threads)
        {
            torch.set_num_threads(threads);
        }
    }

    /// <summary>A seed for one random stream (weights, order, augmentation) of one epoch, mixed from the run's seed.</summary>
    public static int StreamSeed(int seed, int epoch, int stream)
    {
        ulong x = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)epoch << 8) ^ (uint)stream;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return (int)((x ^ (x >> 31)) & 0x7FFFFFFF);
    }
}
