using System.Diagnostics;
using System.Globalization;

namespace NasBench.Web.Jobs;

/// <summary>
/// This worker process: its instance id (host:pid:random, so a restart is a new instance), the devices it computes on
/// and the queues it really listens to. CUDA comes from TorchSharp (available, device count); TorchSharp has no device
/// names or memory, so those come from <c>nvidia-smi</c> when it is installed. A worker without CUDA drops the gpu
/// queues (a CPU-only worker never takes a GPU job) unless NasBench:Worker:AllowCpuFallback is true.
/// </summary>
public sealed class WorkerIdentity(Microsoft.Extensions.Options.IOptions<WorkerOptions> settings, ILogger<WorkerIdentity> logger)
{
    private readonly Lazy<(int Count, string[] Names)> _cuda = new(() => ProbeCuda(logger));

    /// <summary>The host it names itself by: NasBench:Worker:Host, else the machine name. Workers on one host see each
    /// other's processes, so a dead one is known at once; across hosts only the heartbeat tells.</summary>
    public string Host { get; } = settings.Value.Host is { Length: > 0 } host ? host : Environment.MachineName;

    /// <summary>host:pid:8 hex digits.</summary>
    public string Id => $"{Host}:{Environment.ProcessId}:{_token}";

    private readonly string _token = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Set once this process's Hangfire servers run (jobs processing on them are this worker's).</summary>
    public bool ServersStarted { get; set; }

    /// <summary>Whether a Hangfire server id (name:pid:guid) is one of this process's servers.</summary>
    public bool IsOwnServer(string serverId) => ServersStarted && serverId is not null
        && serverId.StartsWith(Environment.MachineName + "-", StringComparison.Ordinal) && serverId.Contains($":{Environment.ProcessId}:", StringComparison.Ordinal);

    /// <summary>CUDA devices this process sees (0 without CUDA; loads libtorch on first use).</summary>
    public int CudaDevices => _cuda.Value.Count;

    /// <summary>One line per device: "cpu 16 cores", then "cuda:0 NAME MEMORY" per GPU.</summary>
    public IReadOnlyList<string> Devices =>
        [$"cpu {Environment.ProcessorCount} cores", .. Enumerable.Range(0, CudaDevices).Select(i => $"cuda:{i} {Name(i)}".TrimEnd())];

    /// <summary>What a training asking for <paramref name="device"/> trains on here, as recorded with the experiment:
    /// "cpu", or "cuda:k NAME MEMORY" (cuda and auto: TorchSharp's default device, cuda:0).</summary>
    public string TrainingDevice(string device) =>
        NasBench.Training.Trainers.TorchRuntime.IsCpu(device) || CudaDevices == 0 ? "cpu"
            : NasBench.Training.Trainers.TorchRuntime.CudaIndex(device) is int k ? $"cuda:{k} {Name(k)}".TrimEnd() : $"cuda:0 {Name(0)}".TrimEnd();

    /// <summary>
    /// The GPU of the Hangfire server <paramref name="serverId"/> (name:pid:guid) of this process: its k-th per-GPU queue
    /// gpu-&lt;host&gt;-&lt;n&gt; (in NasBench:Worker:Queues order) trains on cuda:k. One process per GPU (compose's
    /// device_ids: the one GPU it sees is cuda:0) and one process for several GPUs (gpu-h-0,gpu-h-1: cuda:0, cuda:1)
    /// both come out right. Null for the cpu and the plain gpu servers, and without CUDA.
    /// </summary>
    public int? GpuOf(string? serverId) => GpuOf(serverId, Environment.MachineName, settings.Value.QueueList, serverId is null ? 0 : CudaDevices);

    /// <summary><see cref="GpuOf(string?)"/> for a machine, its configured queues and its CUDA device count.</summary>
    public static int? GpuOf(string? serverId, string machine, IEnumerable<string> queues, int cudaDevices)
    {
        ArgumentNullException.ThrowIfNull(queues);
        string prefix = machine + "-";
        if (serverId is null || !serverId.StartsWith(prefix, StringComparison.Ordinal) || cudaDevices == 0)
        {
            return null;
        }

        string name = serverId[prefix.Length..].Split(':')[0];
        int k = Array.IndexOf([.. queues.Where(q => q.StartsWith("gpu-", StringComparison.Ordinal))], name);
        return k >= 0 && k < cudaDevices ? k : null;
    }

    /// <summary>The device a training asking for <paramref name="device"/> uses when the server <paramref name="serverId"/>
    /// runs it: cuda:k on the k-th per-GPU server when it asked for auto or cuda, else what it asked for.</summary>
    public string DeviceOnServer(string device, string? serverId) =>
        device is "auto" or "cuda" && GpuOf(serverId) is int k ? $"cuda:{k}" : device;

    /// <summary>The queues to listen to: NasBench:Worker:Queues without the gpu ones when there is no CUDA (a warning
    /// names them), unless NasBench:Worker:AllowCpuFallback lets a CPU train GPU jobs (tests, demos).</summary>
    public string[] Queues()
    {
        var configured = settings.Value.QueueList;
        var gpu = configured.Where(IsGpuQueue).ToArray();
        if (gpu.Length == 0 || CudaDevices > 0 || settings.Value.AllowCpuFallback)
        {
            return configured;
        }

        if (settings.Value.Queues is null)
        {
            // The embedded default (cpu,gpu) on a CPU machine: trainings go to cpu there (TrainingQueue auto).
            logger.LogInformation("No CUDA device: this worker does not listen to {Queues}", string.Join(", ", gpu));
        }
        else
        {
            logger.LogWarning("No CUDA device on {Host}: this worker does NOT listen to the configured GPU queue(s) {Queues}, so a CPU never "
                + "takes a GPU job (set NasBench:Worker:AllowCpuFallback=true to allow it for tests and demos)", Host, string.Join(", ", gpu));
        }

        return [.. configured.Except(gpu)];
    }

    /// <summary>gpu (any GPU) or gpu-&lt;host&gt;-&lt;n&gt; (one GPU).</summary>
    public static bool IsGpuQueue(string queue) => queue == "gpu" || queue.StartsWith("gpu-", StringComparison.Ordinal);

    private string Name(int index) => index < _cuda.Value.Names.Length ? _cuda.Value.Names[index] : "";

    private static (int Count, string[] Names) ProbeCuda(ILogger logger)
    {
        int count;
        try
        {
            count = TorchSharp.torch.cuda.is_available() ? TorchSharp.torch.cuda.device_count() : 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "TorchSharp could not be loaded: no CUDA");
            return (0, []);
        }

        return (count, count == 0 ? [] : NvidiaSmi());
    }

    /// <summary>"NAME MEMORY" per GPU from nvidia-smi, or none when it is missing.</summary>
    private static string[] NvidiaSmi()
    {
        try
        {
            var start = new ProcessStartInfo("nvidia-smi", "--query-gpu=name,memory.total --format=csv,noheader") { RedirectStandardOutput = true };
            using var smi = Process.Start(start)!;
            string text = smi.StandardOutput.ReadToEnd();
            smi.WaitForExit(5000);
            return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(',', StringSplitOptions.TrimEntries)))];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }

    /// <summary>The id as text for logs.</summary>
    public override string ToString() => Id.ToString(CultureInfo.InvariantCulture);
}
