using System.Text.RegularExpressions;
using NasBench.Core;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Deployment;

/// <summary>compose.yaml and the Dockerfile, checked without a Docker engine: the services and roles of LAB.md, health
/// checks, one worker per GPU, volumes, and every NasBench__/ConnectionStrings__ variable a setting the app reads.</summary>
public sealed class ComposeFileTests
{
    private readonly ComposeFile _compose = new(Path.Combine(ComposeFile.Root, "compose.yaml"));

    private IEnumerable<ComposeFile.Service> Lab => _compose.Services.Values.Where(s => s.Role is not null);

    [Fact]
    public void Services_Postgres_Web_OneWorkerPerGpu_AndACpuWorker()
    {
        var services = _compose.Services;
        Assert.Contains("pg_isready", services["postgres"].HealthTest, StringComparison.Ordinal);
        Assert.Equal("web", services["web"].Role);
        var workers = Lab.Where(s => s.Role == "worker").ToList();
        var gpu = workers.Where(w => w.DeviceIds.Count > 0).ToList();
        Assert.NotEmpty(gpu);
        Assert.Contains(workers, w => w.DeviceIds.Count == 0);
        foreach (var service in Lab)
        {
            Assert.Contains("/healthz", service.HealthTest, StringComparison.Ordinal);
            var depends = ComposeFile.Map(ComposeFile.Map(service.Node["depends_on"])["postgres"]);
            Assert.Equal("service_healthy", depends["condition"]);
            Assert.Equal("postgres", service.Environment["NasBench__Database"]);
            Assert.Contains("Host=postgres", service.Environment["ConnectionStrings__Lab"], StringComparison.Ordinal);
            Assert.Contains("Host=postgres", service.Environment["ConnectionStrings__Jobs"], StringComparison.Ordinal);
            Assert.NotEqual(Database(service.Environment["ConnectionStrings__Lab"]), Database(service.Environment["ConnectionStrings__Jobs"]));
        }

        // One GPU each, its own queue gpu-<host>-<n> first, then any-GPU work and benchmark work.
        Assert.Equal(gpu.Count, gpu.SelectMany(w => w.DeviceIds).Distinct().Count());
        foreach (var worker in gpu)
        {
            string id = Assert.Single(worker.DeviceIds);
            Assert.Matches($"^gpu-[^,]+-{id},gpu,cpu$", worker.Environment["NasBench__Worker__Queues"]);
            Assert.Equal("cuda", ComposeFile.Map(worker.Build["args"])["TORCH_RUNTIME"]);
        }

        // A CPU-only worker never takes a GPU job (no gpu queue), and the web never trains (CPU libtorch is enough).
        foreach (var worker in workers.Where(w => w.DeviceIds.Count == 0))
        {
            Assert.DoesNotContain("gpu", worker.Environment["NasBench__Worker__Queues"], StringComparison.Ordinal);
        }

        Assert.Equal("cpu", ComposeFile.Map(services["web"].Build["args"])["TORCH_RUNTIME"]);
    }

    [Fact]
    public void EveryNasBenchVariable_IsASettingTheAppReads()
    {
        var read = ComposeFile.SettingsReadByTheApp();
        Assert.Contains("NasBench:Role", read);
        Assert.Contains("ConnectionStrings:Lab", read);
        var unknown = new List<string>();
        foreach (var service in Lab)
        {
            foreach (string variable in service.Environment.Keys)
            {
                if (variable.StartsWith("NasBench__", StringComparison.Ordinal) || variable.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
                {
                    string key = variable.Replace("__", ":", StringComparison.Ordinal);
                    if (read.Contains(key))
                    {
                        continue;
                    }

                    unknown.Add($"{service.Name}: {variable}");
                }
                else
                {
                    Assert.Contains(variable, new[] { NasBenchPaths.HomeVariable, NasBenchPaths.StoreVariable });
                }
            }
        }

        Assert.True(unknown.Count == 0, "variables the app does not read: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Volumes_Data_Checkpoints_AndTheStoreReadOnly_InEveryProcess()
    {
        foreach (string volume in _compose.Services.Values.SelectMany(s => s.VolumeMounts).Select(m => m.Split(':')[0]).Where(v => !v.StartsWith('.') && !v.StartsWith('$') && !v.StartsWith('/')))
        {
            Assert.Contains(volume, _compose.Volumes);
        }

        foreach (var service in Lab)
        {
            var env = service.Environment;
            Assert.Equal("data", service.Mount(env[NasBenchPaths.HomeVariable])?.Source);
            Assert.Equal("checkpoints", service.Mount(env["NasBench__CheckpointFolder"])?.Source);
            var store = service.Mount(Path.GetDirectoryName(env[NasBenchPaths.StoreVariable])!);
            Assert.True(store is { ReadOnly: true }, $"{service.Name}: the benchmark store is not mounted read-only");
        }

        // The database of the jobs is created beside the results' by the init script the postgres service mounts.
        var postgres = _compose.Services["postgres"];
        string init = Path.Combine(ComposeFile.Root, postgres.Mount("/docker-entrypoint-initdb.d")!.Value.Source);
        string sql = string.Concat(Directory.GetFiles(init, "*.sql").Select(File.ReadAllText));
        var web = _compose.Services["web"].Environment;
        Assert.Contains($"CREATE DATABASE {Database(web["ConnectionStrings__Jobs"])}", sql, StringComparison.Ordinal);
        Assert.Equal(Database(web["ConnectionStrings__Lab"]), postgres.Environment["POSTGRES_DB"]);
    }

    [Fact]
    public void Dockerfile_HasTheTargetsComposeBuilds_AndTheTorchRuntimeArgument()
    {
        string dockerfile = File.ReadAllText(Path.Combine(ComposeFile.Root, "Dockerfile"));
        var stages = Regex.Matches(dockerfile, @"^FROM\s+\S+\s+AS\s+(\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Superset(new HashSet<string>(["web", "worker", "all"]), stages.ToHashSet());
        Assert.Equal("all", stages[^1]);
        Assert.Contains("-p:TorchRuntime=${TORCH_RUNTIME}", dockerfile, StringComparison.Ordinal);
        // The runtimes the Training project knows (its ItemGroup conditions) are the ones compose may ask for.
        string training = File.ReadAllText(Path.Combine(ComposeFile.Root, "NasBench.Training", "NasBench.Training.csproj"));
        var runtimes = Regex.Matches(training, @"'\$\(TorchRuntime\)' == '(\w+)'").Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var service in Lab)
        {
            Assert.Contains((string)service.Build["target"]!, stages);
            Assert.Contains((string)ComposeFile.Map(service.Build["args"])["TORCH_RUNTIME"]!, runtimes);
        }
    }

    private static string Database(string connection) => Regex.Match(connection, "Database=([^;]+)").Groups[1].Value;
}
