using System.Net;
using System.Text.Json;
using NasBench.Core.Lab;

namespace NasBench.Cli.Client;

/// <summary>A failure of `nasbench submit`: one or more lines for people (each printed as <c>error: …</c>) and the exit code.</summary>
internal sealed class SubmitException(IReadOnlyList<string> lines, int exitCode = 1, HttpStatusCode? status = null) : Exception(string.Join(Environment.NewLine, lines))
{
    public SubmitException(string line, int exitCode = 1)
        : this([line], exitCode) { }

    public IReadOnlyList<string> Lines { get; } = lines;

    public int ExitCode { get; } = exitCode;

    public HttpStatusCode? Status { get; } = status;
}

/// <summary>Turns an error answer of the lab server (RFC 7807 problem details) into the lines the CLI prints.</summary>
internal static class ProblemReader
{
    public static SubmitException ToException(HttpStatusCode status, string body, Uri server, string what)
    {
        var (title, detail, fields) = Read(body);
        string said = string.Join(" ", new[] { title, detail }.Where(s => !string.IsNullOrWhiteSpace(s)));
        List<string> lines = status switch
        {
            HttpStatusCode.Unauthorized =>
                [$"the lab server at {server} refused the token (401 Unauthorized): check --token or NASBENCH_TOKEN (a personal access token from POST /api/tokens)."],
            HttpStatusCode.Forbidden =>
                [$"the lab server at {server} does not let this account {what} (403 Forbidden){(said.Length > 0 ? ": " + said : ".")} Viewers can read experiments but not launch or cancel them."],
            HttpStatusCode.BadRequest when fields.Count > 0 =>
                [$"the lab server refused the request (400): {title ?? "it breaks a rule"}", .. fields.Select(Field)],
            HttpStatusCode.BadRequest =>
                [$"the lab server refused the request (400): {(said.Length > 0 ? said : "no reason given")}"],
            HttpStatusCode.NotFound when what.StartsWith("launch", StringComparison.Ordinal) || what.StartsWith("upload", StringComparison.Ordinal) =>
                [$"{server} has no lab API here (404 to {what}); is the --server address right?"],
            _ => [$"the lab server answered {(int)status} {status} to {what}{(said.Length > 0 ? ": " + said : ".")}"],
        };
        return new SubmitException(lines, 1, status);
    }

    /// <summary>A field error as printed: the server's message, which names the option; the field in front when it does not.</summary>
    private static string Field((string Field, string Message) error)
    {
        string option = "--" + string.Concat(error.Field.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));
        if (error.Field == "kind" || (error.Field == "body" && error.Message.Contains("kind", StringComparison.OrdinalIgnoreCase)))
        {
            return $"the lab server does not run this kind of experiment: {error.Message} (is it an older version than this CLI?)";
        }

        return error.Field == "body" || error.Message.Contains(option, StringComparison.Ordinal) || error.Message.Contains(error.Field, StringComparison.Ordinal)
            ? error.Message
            : $"{option}: {error.Message}";
    }

    /// <summary>The problem's title, detail and field errors (<see cref="LabProblem"/>); nothing when the body is not one.</summary>
    private static (string? Title, string? Detail, List<(string Field, string Message)> Fields) Read(string body)
    {
        LabProblem? problem;
        try
        {
            problem = JsonSerializer.Deserialize<LabProblem>(body, LabJson.Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            problem = null;
        }

        var fields = problem?.Errors?.SelectMany(e => (e.Value ?? []).Select(message => (e.Key, message ?? string.Empty))).ToList() ?? [];
        return (problem?.Title, problem?.Detail, fields);
    }
}
