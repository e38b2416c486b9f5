using System.CommandLine;
using NasBench.Core.Experiments;

namespace NasBench.Cli.Client;

/// <summary>
/// `nasbench submit --server URL --token T &lt;command and its options&gt;`: the command, parsed and validated as it would
/// be locally, runs as an experiment on a lab server; its progress is followed here and its files are downloaded into
/// the command's --out. Exit codes as everywhere in the CLI: 0 done, 1 failed (a message says why), 2 a usage error,
/// 130 cancelled (Ctrl+C asks the server to cancel).
/// </summary>
public static class SubmitCommand
{
    /// <summary>The request fields that name a local file the server cannot see; they are uploaded (POST /api/uploads).</summary>
    internal static readonly string[] UploadedFields = ["file", "records"];

    public static Command Create()
    {
        var server = new Option<string?>("--server") { Description = "The lab server's address, e.g. http://lab:8080 (default: NASBENCH_SERVER)." };
        var token = new Option<string?>("--token") { Description = "A personal access token of the lab server, sent as Bearer (default: NASBENCH_TOKEN)." };
        var poll = new Option<double>("--poll-seconds") { Description = "How often to ask the server for the experiment's progress.", DefaultValueFactory = _ => 0.5 };
        var noUpload = new Option<bool>("--no-upload") { Description = "Send --file and --records as they are (paths on the server) instead of uploading the local files." };
        var command = new Command("submit", "Run an experiment command (" + SubmittedCommand.Experiments + ") on a lab server: "
            + "the same request and validation as locally, progress followed here, the files downloaded into its --out. "
            + "Put the submit options first, then the command: `nasbench submit --server http://lab:8080 search --runs 10 --out results`.")
        {
            server, token, poll, noUpload,
        };
        // The experiment command's own tokens are not submit's: they are handed, in order, to the CLI's command tree.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                // Submit's own options first (their values alone say whether they are wrong), then the command.
                double seconds = parse.GetValue(poll);
                if (!(seconds is > 0 and <= 60))
                {
                    throw new SubmitException($"--poll-seconds must be more than 0 and at most 60 (got {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}).", 2);
                }

                string? serverText = parse.GetValue(server) ?? Environment.GetEnvironmentVariable("NASBENCH_SERVER");
                var address = serverText is { Length: > 0 } ? Address(serverText) : null;
                var (submitted, code) = await SubmittedCommand.ParseAsync((RootCommand)parse.RootCommandResult.Command, parse.UnmatchedTokens, error, cancellationToken);
                if (submitted is null)
                {
                    return code;
                }

                if (submitted.DryRun)
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync(submitted.Json.ToJsonString(ExperimentJson.Options));
                    return 0;
                }

                string bearer = Token(address, parse.GetValue(token));
                using var client = new LabClient(address!, bearer);
                using var interrupt = new Interrupt(cancellationToken);
                var run = new SubmitRun(client, parse.InvocationConfiguration.Output, error, TimeSpan.FromSeconds(seconds));
                return await run.RunAsync(submitted, parse.GetValue(noUpload), interrupt.Token);
            }
            catch (SubmitException e)
            {
                foreach (string line in e.Lines)
                {
                    await error.WriteLineAsync($"error: {line}");
                }

                return e.ExitCode;
            }
        });
        return command;
    }

    /// <summary>The server's address: an absolute http:// or https:// URL.</summary>
    private static Uri Address(string server) =>
        Uri.TryCreate(server.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new SubmitException($"--server '{server}' is not an http:// or https:// address (e.g. http://lab:8080).", 2);

    /// <summary>The token (the option or NASBENCH_TOKEN), once a server is known.</summary>
    private static string Token(Uri? server, string? token)
    {
        if (server is null)
        {
            throw new SubmitException("no lab server: give --server URL or set NASBENCH_SERVER.", 2);
        }

        token ??= Environment.GetEnvironmentVariable("NASBENCH_TOKEN");
        return string.IsNullOrWhiteSpace(token)
            ? throw new SubmitException("no token: give --token or set NASBENCH_TOKEN (a personal access token from POST /api/tokens).", 2)
            : token.Trim();
    }

    /// <summary>Ctrl+C (SIGINT) and SIGTERM as a cancellation while an experiment is followed: the process stays alive
    /// long enough to ask the server to cancel it (the CLI's command tree does not handle the signals itself).</summary>
    private sealed class Interrupt : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly System.Runtime.InteropServices.PosixSignalRegistration[] _signals;

        public Interrupt(CancellationToken outer)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
            _signals =
            [
                .. new[] { System.Runtime.InteropServices.PosixSignal.SIGINT, System.Runtime.InteropServices.PosixSignal.SIGTERM }
                    .Select(signal => System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, context =>
                    {
                        context.Cancel = true;
                        _source.Cancel();
                    })),
            ];
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            foreach (var signal in _signals)
            {
                signal.Dispose();
            }

            _source.Dispose();
        }
    }
}
