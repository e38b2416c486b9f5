using NasBench.Web.Jobs;

namespace NasBench.Web.Tests.Jobs;

/// <summary>Which GPU a per-GPU Hangfire server of a worker process trains on (<see cref="WorkerIdentity.GpuOf(string?, string, IEnumerable{string}, int)"/>):
/// the k-th gpu-&lt;host&gt;-&lt;n&gt; queue is cuda:k, so one process per GPU (compose: it sees one GPU, cuda:0) and one process
/// for all of a host's GPUs both place each training on its own GPU.</summary>
public sealed class GpuPlacementTests
{
    [Fact]
    public void OneProcessForTwoGpus_TrainsEachQueueOnItsOwnGpu()
    {
        string[] queues = ["gpu-dgx-0", "gpu-dgx-1", "gpu", "cpu"];
        Assert.Equal(0, WorkerIdentity.GpuOf("dgx-gpu-dgx-0:4242:1c2d", "dgx", queues, cudaDevices: 2));
        Assert.Equal(1, WorkerIdentity.GpuOf("dgx-gpu-dgx-1:4242:9f00", "dgx", queues, cudaDevices: 2));
        // The cpu server, the plain gpu server, another process's or machine's server: no GPU of their own.
        Assert.Null(WorkerIdentity.GpuOf("dgx-cpu:4242:aa", "dgx", queues, cudaDevices: 2));
        Assert.Null(WorkerIdentity.GpuOf("dgx-gpu:4242:aa", "dgx", queues, cudaDevices: 2));
        Assert.Null(WorkerIdentity.GpuOf("other-gpu-dgx-1:4242:aa", "dgx", queues, cudaDevices: 2));
        Assert.Null(WorkerIdentity.GpuOf(null, "dgx", queues, cudaDevices: 2));
    }

    [Fact]
    public void OneProcessPerGpu_ItsOneVisibleGpuIsCuda0()
    {
        // compose: worker-gpu1 listens to gpu-host-1 and sees only that GPU (device_ids: ["1"]), as cuda:0.
        Assert.Equal(0, WorkerIdentity.GpuOf("host-gpu-host-1:7:ab", "host", ["gpu-host-1", "gpu", "cpu"], cudaDevices: 1));
    }

    [Fact]
    public void WithoutCuda_OrMoreQueuesThanGpus_NoGpuIsNamed()
    {
        Assert.Null(WorkerIdentity.GpuOf("cpuonly-gpu-cpuonly-0:7:ab", "cpuonly", ["gpu-cpuonly-0", "cpu"], cudaDevices: 0));
        Assert.Null(WorkerIdentity.GpuOf("dgx-gpu-dgx-2:7:ab", "dgx", ["gpu-dgx-0", "gpu-dgx-1", "gpu-dgx-2"], cudaDevices: 2));
    }
}
