using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NasBench.Web.Settings;

namespace NasBench.Web.Tests.Settings;

/// <summary>The NasBench:* settings as typed options: the defaults the lab had when they were read as strings, the
/// names of docs/LAB.md (environment-variable style included), and a bad value refused at start naming the setting.</summary>
public sealed class LabSettingsTests
{
    private static ServiceProvider Provider(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLabSettings().BuildServiceProvider();
    }

    [Fact]
    public void Defaults_AreTheLabsDefaults()
    {
        using var provider = Provider([]);
        var worker = provider.GetRequiredService<IOptions<WorkerOptions>>().Value;
        Assert.Equal(["cpu", "gpu"], worker.QueueList);
        Assert.Null(worker.Queues); // "not configured": the gpu queues are dropped quietly without CUDA
        Assert.Equal(TimeSpan.FromSeconds(2), worker.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), worker.StaleAfter);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), worker.CpuWorkerCount);
        Assert.False(worker.AllowCpuFallback);
        Assert.Equal(250, provider.GetRequiredService<IOptions<LiveOptions>>().Value.PollMilliseconds);
        Assert.Equal("auto", provider.GetRequiredService<IOptions<LabOptions>>().Value.TrainingQueue);
        Assert.Equal("all", provider.GetRequiredService<IOptions<LabServerOptions>>().Value.Role);
        Assert.Null(provider.GetRequiredService<IOptions<LabServerOptions>>().Value.CheckpointFolder);
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void TheContractsNames_Bind_AndTheStaticReadersAgree()
    {
        var values = new Dictionary<string, string?>
        {
            ["NasBench:Role"] = " Worker ", ["NasBench:CheckpointFolder"] = "/shared/checkpoints", ["NasBench:Worker:Queues"] = "cpu, gpu-box-0",
            ["NasBench:Worker:HeartbeatSeconds"] = "0.1", ["NasBench:Worker:StaleSeconds"] = "30", ["NasBench:Worker:CpuWorkers"] = "3",
            ["NasBench:Worker:Host"] = "box", ["NasBench:Worker:AllowCpuFallback"] = "true", ["NasBench:Lab:TrainingQueue"] = "gpu-box-0",
            ["NasBench:Live:PollMilliseconds"] = "0",
        };
        using var provider = Provider(values);
        provider.GetRequiredService<IStartupValidator>().Validate();
        var worker = provider.GetRequiredService<IOptions<WorkerOptions>>().Value;
        Assert.Equal(["cpu", "gpu-box-0"], worker.QueueList);
        Assert.Equal(TimeSpan.FromSeconds(0.2), worker.HeartbeatInterval); // below 0.2 s counts as 0.2 s, as before
        Assert.Equal(TimeSpan.FromSeconds(30), worker.StaleAfter);
        Assert.Equal((3, "box", true), (worker.CpuWorkerCount, worker.Host, worker.AllowCpuFallback));
        Assert.Equal(0, provider.GetRequiredService<IOptions<LiveOptions>>().Value.PollMilliseconds);
        var configuration = provider.GetRequiredService<IConfiguration>();
        Assert.Equal("worker", LabRole.Of(configuration));
        Assert.False(LabRole.ServesWeb(configuration));
        Assert.Equal(TimeSpan.FromSeconds(30), LabRole.StaleAfter(configuration));
        Assert.Equal("gpu-box-0", LabSettings.Lab(configuration).TrainingQueue);
        Assert.Equal(Path.Combine("/shared/checkpoints", "7"), NasBench.Web.Data.LabPaths.CheckpointDirectory(configuration, 7));
    }

    [Theory]
    [InlineData("NasBench:Role", "everything", "NasBench:Role must be all, web or worker.")]
    [InlineData("NasBench:Worker:StaleSeconds", "-1", "NasBench:Worker:StaleSeconds must be a positive number of seconds.")]
    [InlineData("NasBench:Worker:HeartbeatSeconds", "0", "NasBench:Worker:HeartbeatSeconds must be a positive number of seconds.")]
    [InlineData("NasBench:Worker:CpuWorkers", "0", "NasBench:Worker:CpuWorkers must be at least 1.")]
    [InlineData("NasBench:Lab:TrainingQueue", "tpu", "NasBench:Lab:TrainingQueue must be auto, cpu, gpu or gpu-<host>-<n>.")]
    [InlineData("NasBench:Live:PollMilliseconds", "-5", "NasBench:Live:PollMilliseconds must be 0 (off) or a positive number of milliseconds.")]
    public void ABadValue_StopsTheStart_NamingTheSetting(string key, string value, string message)
    {
        using var provider = Provider(new() { [key] = value });
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
