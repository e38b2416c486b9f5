using TorchSharp;

namespace NasBench.Training.Trainers;

/// <summary>Device choice, thread count and library versions for the run record.</summary>
public static class TorchRuntime
{
    /// <summary>The TorchSharp assembly's version.</summary>
    public static string TorchSharpVersion { get; } = typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>
    /// The device of <c>--device</c>: auto (CUDA when available), cpu, cuda (the default GPU) or cuda:&lt;n&gt; (GPU n);
    /// throws when CUDA (or that GPU) is asked for but missing.
    /// </summary>
    public static torch.Device SelectDevice(string device) => device switch
    {
        "auto" => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        "cpu" => torch.CPU,
        "cuda" when torch.cuda.is_available() => torch.CUDA,
        "cuda" => throw new ArgumentException(NoCuda),
        _ when CudaIndex(device) is int n => !torch.cuda.is_available() ? throw new ArgumentException(NoCuda)
            : n < torch.cuda.device_count() ? torch.device(DeviceType.CUDA, n)
            : throw new ArgumentException($"--device {device}: this machine has {torch.cuda.device_count()} CUDA device(s), cuda:0 to cuda:{torch.cuda.device_count() - 1}."),
        _ => throw new ArgumentException($"Unknown device '{device}'; use auto, cpu, cuda or cuda:<n>."),
    };

    private const string NoCuda = "CUDA was asked for but is not available (build with -p:TorchRuntime=cuda on a GPU machine).";

    /// <summary>n of "cuda:&lt;n&gt;" (0–63), else null.</summary>
    public static int? CudaIndex(string? device) =>
        device is { Length: > 5 and <= 7 } && device.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(device.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n < 64 ? n : null;

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
