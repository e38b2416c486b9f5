using NasBench.Core.Options;
using System.Text.Json.Serialization;
using NasBench.Core.Experiments.Options;

namespace NasBench.Core.Experiments;

/// <summary>
/// <c>nasbench data setup</c>: make the benchmark store — import a tfrecord file, download the official file (resuming
/// a partial download, checking its SHA-256) and import it, or build the SYNTHETIC demo (what <c>./run.sh --demo</c>
/// builds). On the lab server it is an experiment of kind <c>benchmark</c> on the cpu queue; its store is the lab's.
/// Every option is described once (<see cref="Described"/>): the CLI's options, <see cref="Validate"/>,
/// <see cref="ToCommandLine"/> and the JSON come from it.
/// </summary>
public sealed record BenchmarkSetupRequest : ExperimentRequest
{
    /// <summary>The actions, as <c>--action</c> spells them.</summary>
    public static readonly string[] Actions = [Import, Download, Demo];

    /// <summary>Import a tfrecord file in the official format (<see cref="File"/>).</summary>
    public const string Import = "import";

    /// <summary>Download a variant of the official file (resuming a partial download), check its SHA-256 and import it.</summary>
    public const string Download = "download";

    /// <summary>Write the SYNTHETIC demo file (<see cref="DemoCells"/> cells, 108 epochs, seed <see cref="DemoSeed"/>) and import it.</summary>
    public const string Demo = "demo";

    /// <summary>Cells of the demo benchmark (as <c>./run.sh --demo</c>): enough for every search and study, built in seconds.</summary>
    public const int DemoCells = 20_000;

    /// <summary>Seed of the demo benchmark's values (as <c>./run.sh --demo</c>).</summary>
    public const int DemoSeed = 1;

    /// <inheritdoc/>
    public override string Kind => ExperimentKinds.Benchmark;

    /// <summary>import, download or demo. The default value is null (required).</summary>
    public string? Action { get; init; }

    /// <summary>The tfrecord file to import (import only). The default value is null.</summary>
    public string? File { get; init; }

    /// <summary>The official file to download: only108 or full (download only). The default value is only108.</summary>
    public string Variant { get; init; } = "only108";

    /// <summary>A mirror of the variant's file (download only). The default value is null (the official URL).</summary>
    public string? Url { get; init; }

    /// <summary>The SHA-256 the download must have (download only). The default value is null (the variant's published one).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Every option, in command-line order.</summary>
    [JsonIgnore]
    public static IReadOnlyList<OptionDescription> Described { get; } = Describe();

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        foreach (var option in Described)
        {
            if (option.Check(this) is { } message)
            {
                rules.Fail(option.Name, message);
            }
        }

        if (Action == Import && File is null)
        {
            rules.Fail("file", "--file is required with --action import (the tfrecord file to import).");
        }

        if (Action == Import && File is not null && !System.IO.File.Exists(File))
        {
            rules.Fail("file", $"--file '{File}' does not exist.");
        }

        if (Action != Import && File is not null)
        {
            rules.Fail("file", "--file applies to --action import only.");
        }

        foreach (var (field, given) in new[] { ("variant", Variant != "only108"), ("url", Url is not null), ("sha256", Sha256 is not null) })
        {
            if (given && Action != Download)
            {
                rules.Fail(field, $"{RequestRules.Option(field)} applies to --action download only.");
            }
        }

        return rules.Errors;
    }

    /// <inheritdoc/>
    public override string ToCommandLine() => CommandLine.Join("data setup", Described.Select(d => d.Argument(this)));

    private static List<OptionDescription> Describe()
    {
        var d = new BenchmarkSetupRequest();
        return
        [
            new OptionDescription<BenchmarkSetupRequest, string?>("action", "import a tfrecord file (--file), download the official file (--variant) and import it, or build the SYNTHETIC demo (20,000 cells).",
                "Action", d, r => r.Action, (r, v) => r with { Action = v },
                (name, _, v) => v is null ? $"{RequestRules.Option(name)} is required: import, download or demo." : First(new RequestRules().OneOf(name, v, Actions)))
            { Choices = Actions },
            new OptionDescription<BenchmarkSetupRequest, string?>("file", "The tfrecord file to import (official format: nasbench_only108.tfrecord, nasbench_full.tfrecord, or a SYNTHETIC one).",
                "File on the server", d, r => r.File, (r, v) => r with { File = v },
                (name, _, v) => v is not null && string.IsNullOrWhiteSpace(v) ? $"{RequestRules.Option(name)} must name a file." : null)
            { Hint = "/path/to/nasbench_only108.tfrecord" },
            new OptionDescription<BenchmarkSetupRequest, string>("variant", "The official file to download: only108 (~499 MB, 108 epochs) or full (~1.95 GB, 4/12/36/108 epochs).",
                "Variant", d, r => r.Variant, (r, v) => r with { Variant = v }, OptionRules.OneOf<BenchmarkSetupRequest>("only108", "full"))
            { Choices = ["only108", "full"] },
            new OptionDescription<BenchmarkSetupRequest, string?>("url", "A mirror of the variant's file (its SHA-256 is still checked).", "Mirror URL", d,
                r => r.Url, (r, v) => r with { Url = v },
                (name, _, v) => v is null || (Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") ? null
                    : $"{RequestRules.Option(name)} must be an absolute http(s) URL (got '{v}')."),
            new OptionDescription<BenchmarkSetupRequest, string?>("sha256", "The SHA-256 the download must have (default: the variant's published one).", "SHA-256", d,
                r => r.Sha256, (r, v) => r with { Sha256 = v },
                (name, _, v) => v is null || (v.Length == 64 && v.All(char.IsAsciiHexDigit)) ? null
                    : $"{RequestRules.Option(name)} must be 64 hexadecimal digits (got '{v}')."),
        ];
    }

    private static string? First(RequestRules rules) => rules.Errors.Count > 0 ? rules.Errors[0].Message : null;
}
