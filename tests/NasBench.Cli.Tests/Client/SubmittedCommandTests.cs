using System.CommandLine;
using System.Text.Json;
using NasBench.Cli.Client;

namespace NasBench.Cli.Tests.Client;

/// <summary>What `nasbench submit` can send, checked without a server: every experiment command (the ones with
/// --dry-run) is named in its help, `data setup` among them, and a setup's local-only options are refused.</summary>
public sealed class SubmittedCommandTests
{
    [Fact]
    public void Experiments_NamesEveryCommandWithADryRun_AndNoOther()
    {
        var withDryRun = Commands(NasBenchCli.Build(), "").Where(c => c.Command.Options.Any(o => o.Name == "--dry-run")).Select(c => c.Path);
        var listed = SubmittedCommand.Experiments.Replace(" and ", ", ", StringComparison.Ordinal).Split(", ");
        Assert.Equal(withDryRun.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Contains("data setup", listed);
    }

    [Fact]
    public async Task SubmitDryRun_DataSetup_IsTheBenchmarkRequestOfTheLocalCommand()
    {
        var local = await CliRunner.RunAsync("data", "setup", "--action", "download", "--variant", "full", "--dry-run");
        var submitted = await CliRunner.RunAsync("submit", "--dry-run", "data", "setup", "--action", "download", "--variant", "full");
        Assert.True(submitted.ExitCode == 0, submitted.Error);
        using var sent = JsonDocument.Parse(submitted.Output);
        Assert.Equal(("benchmark", "download", "full"), (sent.RootElement.GetProperty("kind").GetString(), sent.RootElement.GetProperty("action").GetString(), sent.RootElement.GetProperty("variant").GetString()));
        Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(local.Output)!.ToJsonString(), System.Text.Json.Nodes.JsonNode.Parse(submitted.Output)!.ToJsonString());
    }

    [Theory]
    [InlineData("--store", "/tmp/mine.nbstore")]
    [InlineData("--dir", "/tmp/downloads")]
    public async Task SubmitDataSetup_WithALocalOnlyOption_IsAUsageError_NotSilentlyDropped(string option, string value)
    {
        var answer = await CliRunner.RunAsync("submit", "--dry-run", "data", "setup", "--action", "demo", option, value);
        Assert.Equal(2, answer.ExitCode);
        Assert.Equal($"error: {option} applies to the local `nasbench data setup` only: on the lab server a setup writes the lab's own store.", answer.Error.Trim());
        Assert.Empty(answer.Output);
    }

    private static IEnumerable<(string Path, Command Command)> Commands(Command command, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            string name = path.Length == 0 ? sub.Name : path + " " + sub.Name;
            yield return (name, sub);
            foreach (var nested in Commands(sub, name))
            {
                yield return nested;
            }
        }
    }
}
