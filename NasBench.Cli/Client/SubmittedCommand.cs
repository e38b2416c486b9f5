using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json.Nodes;
using NasBench.Cli.Terminal;
using NasBench.Core.Experiments;

namespace NasBench.Cli.Client;

/// <summary>
/// The command given to `nasbench submit`, turned into the request the local command would run: the CLI's own
/// command tree (the one submit belongs to) parses it with <c>--dry-run</c>, so the options, defaults and validation
/// messages are exactly the local ones and nothing reaches the server when they fail.
/// </summary>
internal sealed record SubmittedCommand(ExperimentRequest Request, JsonObject Json, string? OutFolder, bool DryRun)
{
    /// <summary>The commands that are experiments (they have --dry-run); the others cannot be submitted.</summary>
    public const string Experiments = "search, compare, train, study transfer, study distance, study cells, study correlate, study proxies, study advise and data setup";

    /// <summary>Parses <paramref name="args"/> (e.g. <c>search --runs 3 --out x</c>) with <paramref name="root"/>, the
    /// `nasbench` tree. Returns the command, or the exit code of the local parse/validation, whose messages have been
    /// written to <paramref name="error"/>.</summary>
    public static async Task<(SubmittedCommand? Command, int ExitCode)> ParseAsync(RootCommand root, IReadOnlyList<string> args, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(error);
        bool dryRun = args.Contains("--dry-run");
        string[] given = [.. args.Where(a => a != "--dry-run")];
        if (given.Length == 0 || given[0].StartsWith('-'))
        {
            throw new SubmitException($"name the command to run on the server after the submit options, e.g. `nasbench submit --server URL search --runs 10` ({Experiments}).", 2);
        }

        var parse = root.Parse(given);
        var command = parse.CommandResult.Command;
        if (!command.Options.Any(o => o.Name == "--dry-run") && command.Parents.Any())
        {
            string name = string.Join(' ', given.TakeWhile(a => !a.StartsWith('-')));
            throw new SubmitException($"`nasbench {name}` is not an experiment the lab server runs; submit one of {Experiments}.", 2);
        }

        string[] inner = [.. given, "--dry-run"];
        // The local command itself, up to its --dry-run: parse errors (2), broken rules (1) are printed as they are locally.
        using var captured = new StringWriter();
        int code = await CommandLineRunner.RunAsync(root, inner, captured, error, cancellationToken);
        if (code != 0)
        {
            return (null, code);
        }

        string json = captured.ToString().Trim();
        var request = ExperimentJson.Deserialize(json);
        if (request is BenchmarkSetupRequest && parse.CommandResult.Children.OfType<OptionResult>().FirstOrDefault(o => !o.Implicit && o.Option.Name is "--store" or "--dir") is { } local)
        {
            // Not silently dropped: the request does not carry them, and the server's setup writes the lab's own store.
            throw new SubmitException($"{local.Option.Name} applies to the local `nasbench data setup` only: on the lab server a setup writes the lab's own store.", 2);
        }

        string? outFolder = command.Options.Any(o => o.Name == "--out") ? parse.GetValue<string?>("--out") : null;
        return (new SubmittedCommand(request, (JsonObject)JsonNode.Parse(json)!, outFolder, dryRun), 0);
    }
}
