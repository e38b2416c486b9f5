using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace NasBench.Web.Tests.Deployment;

/// <summary>compose.yaml as Docker Compose reads it (YAML merge keys resolved), and the repository's deployment files.
/// These machines have no Docker engine, so the tests read the files instead of starting the topology.</summary>
internal sealed partial class ComposeFile
{
    private readonly Dictionary<object, object> _root;

    public ComposeFile(string path)
    {
        using var reader = new StreamReader(path);
        // MergingParser: `<<: *anchor` is merged into the mapping, as Compose does.
        _root = (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize(new MergingParser(new Parser(reader)))!;
    }

    /// <summary>The repository root (where compose.yaml lies).</summary>
    public static string Root { get; } = Path.GetDirectoryName(LabServer.FindUp("compose.yaml"))!;

    public IReadOnlyDictionary<string, Service> Services =>
        Map(_root["services"]).ToDictionary(kv => kv.Key, kv => new Service(kv.Key, Map(kv.Value)));

    public IReadOnlyCollection<string> Volumes => [.. Map(_root["volumes"]).Keys];

    internal static Dictionary<string, object?> Map(object? node) =>
        node is Dictionary<object, object> d ? d.ToDictionary(kv => (string)kv.Key, kv => (object?)kv.Value) : [];

    internal static List<object> List(object? node) => node as List<object> ?? [];

    /// <summary>Every configuration key the application code reads: NasBench:… literals and GetConnectionString("X")
    /// (as ConnectionStrings:X) in the sources of the web, Core and Training, and the properties of the web's typed
    /// options classes (Section:Property).</summary>
    public static IReadOnlySet<string> SettingsReadByTheApp()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (string project in new[] { "NasBench.Web", "NasBench.Core", "NasBench.Training" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(Root, project), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                string text = File.ReadAllText(file);
                keys.UnionWith(SettingLiteral().Matches(text).Select(m => m.Groups[1].Value));
                keys.UnionWith(ConnectionString().Matches(text).Select(m => "ConnectionStrings:" + m.Groups[1].Value));
            }
        }

        // The typed options (Settings/LabSettings.cs, Account/*Options.cs): each public property of a class whose
        // Section constant is a NasBench section is the setting Section:Property.
        foreach (var type in typeof(global::NasBench.Web.Settings.LabSettings).Assembly.GetTypes())
        {
            if (type.GetField("Section")?.GetRawConstantValue() is string section && section.StartsWith("NasBench", StringComparison.Ordinal))
            {
                keys.UnionWith(type.GetProperties().Where(p => p.CanWrite).Select(p => $"{section}:{p.Name}"));
            }
        }

        return keys;
    }

    [GeneratedRegex("\"(NasBench(?::[A-Za-z]+)+)\"")]
    private static partial Regex SettingLiteral();

    [GeneratedRegex("GetConnectionString\\(\"([A-Za-z]+)\"\\)")]
    private static partial Regex ConnectionString();

    /// <summary>One service of the file.</summary>
    public sealed record Service(string Name, Dictionary<string, object?> Node)
    {
        public Dictionary<string, string> Environment => Map(Node.GetValueOrDefault("environment")).ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");

        public string? Role => Environment.GetValueOrDefault("NasBench__Role");

        /// <summary>The healthcheck's test as one line.</summary>
        public string HealthTest => string.Join(' ', List(Map(Node.GetValueOrDefault("healthcheck")).GetValueOrDefault("test")).Select(x => x.ToString()));

        /// <summary>"source:target[:ro]" entries.</summary>
        public IReadOnlyList<string> VolumeMounts => [.. List(Node.GetValueOrDefault("volumes")).Select(v => v.ToString()!)];

        public Dictionary<string, object?> Build => Map(Node.GetValueOrDefault("build"));

        /// <summary>The device ids of deploy.resources.reservations.devices.</summary>
        public IReadOnlyList<string> DeviceIds =>
        [
            .. List(Map(Map(Map(Node.GetValueOrDefault("deploy")).GetValueOrDefault("resources")).GetValueOrDefault("reservations")).GetValueOrDefault("devices"))
                .SelectMany(d => List(Map(d).GetValueOrDefault("device_ids"))).Select(x => x.ToString()!),
        ];

        /// <summary>The mount's source for the container folder <paramref name="target"/>, and whether it is read-only.</summary>
        public (string Source, bool ReadOnly)? Mount(string target) =>
            VolumeMounts.Select(m => m.Split(':')).Where(p => p.Length >= 2 && p[^(p[^1] is "ro" or "rw" ? 2 : 1)] == target)
                .Select(p => (string.Join(':', p[..^(p[^1] is "ro" or "rw" ? 2 : 1)]), p[^1] == "ro")).Cast<(string, bool)?>().FirstOrDefault();
    }
}
