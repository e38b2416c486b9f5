using NasBench.Core.Options;
using NasBench.Core.Experiments;

namespace NasBench.Core.Tests.Experiments;

/// <summary>The benchmark setup request (<c>nasbench data setup</c>, the lab's <c>benchmark</c> kind): its rules, command
/// line and JSON, each from its one description.</summary>
public sealed class BenchmarkSetupRequestTests
{
    private static readonly string ExistingFile = typeof(BenchmarkSetupRequestTests).Assembly.Location;

    public static TheoryData<string, string, string> Broken() => new()
    {
        // JSON body, field, message (a line of `nasbench data setup` / a 400 of the API)
        { """{"kind":"benchmark"}""", "action", "--action is required: import, download or demo." },
        { """{"kind":"benchmark","action":"fetch"}""", "action", "Unknown --action 'fetch': use import, download or demo." },
        { """{"kind":"benchmark","action":"import"}""", "file", "--file is required with --action import (the tfrecord file to import)." },
        { """{"kind":"benchmark","action":"import","file":"/no/such/file.tfrecord"}""", "file", "--file '/no/such/file.tfrecord' does not exist." },
        { """{"kind":"benchmark","action":"demo","file":"/x.tfrecord"}""", "file", "--file applies to --action import only." },
        { """{"kind":"benchmark","action":"download","variant":"half"}""", "variant", "Unknown --variant 'half': use only108 or full." },
        { """{"kind":"benchmark","action":"demo","variant":"full"}""", "variant", "--variant applies to --action download only." },
        { """{"kind":"benchmark","action":"download","url":"ftp://mirror/x"}""", "url", "--url must be an absolute http(s) URL (got 'ftp://mirror/x')." },
        { """{"kind":"benchmark","action":"download","sha256":"abc"}""", "sha256", "--sha256 must be 64 hexadecimal digits (got 'abc')." },
        { """{"kind":"benchmark","action":"import","file":"/x","sha256":"abc"}""", "sha256", "--sha256 applies to --action download only." },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_BrokenRule_NamesTheFieldAndTheOption(string json, string field, string message)
    {
        var errors = ExperimentJson.Deserialize(json).Validate();
        Assert.Contains(new RequestError(field, message), errors);
    }

    [Fact]
    public void Validate_EachAction_ValidWithItsOwnOptions()
    {
        Assert.Empty(new BenchmarkSetupRequest { Action = "demo" }.Validate());
        Assert.Empty(new BenchmarkSetupRequest { Action = "import", File = ExistingFile }.Validate());
        Assert.Empty(new BenchmarkSetupRequest { Action = "download", Variant = "full", Url = "https://mirror.example/nasbench_full.tfrecord", Sha256 = new string('A', 64) }.Validate());
    }

    [Fact]
    public void CommandLineAndJson_RoundTrip_OnlyTheOptionsGiven()
    {
        var request = new BenchmarkSetupRequest { Action = "download", Variant = "full", Url = "https://m.example/f.tfrecord", Sha256 = new string('0', 64) };
        Assert.Equal($"nasbench data setup --action download --variant full --url https://m.example/f.tfrecord --sha256 {new string('0', 64)}", request.ToCommandLine());
        Assert.Equal("nasbench data setup --action import --file '/data/my file.tfrecord'", new BenchmarkSetupRequest { Action = "import", File = "/data/my file.tfrecord" }.ToCommandLine());
        Assert.Equal("nasbench data setup --action demo", new BenchmarkSetupRequest { Action = "demo" }.ToCommandLine());

        string json = ExperimentJson.Serialize(request);
        Assert.Equal($$"""{"kind":"benchmark","action":"download","variant":"full","url":"https://m.example/f.tfrecord","sha256":"{{new string('0', 64)}}"}""", json);
        Assert.Equal(request, ExperimentJson.Deserialize(json));
        Assert.Contains(ExperimentKinds.Benchmark, ExperimentJson.KnownKinds);
    }

    [Fact]
    public void Described_EveryPropertyOnce_WithItsCliSpelling()
    {
        Assert.Equal(["--action", "--file", "--variant", "--url", "--sha256"], BenchmarkSetupRequest.Described.Select(d => d.Cli));
        Assert.Equal(BenchmarkSetupRequest.Actions, BenchmarkSetupRequest.Described[0].Choices);
        Assert.Equal("only108", BenchmarkSetupRequest.Described.Single(d => d.Name == "variant").Default);
    }
}
