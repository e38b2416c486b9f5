using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NasBench.Core.Lab;

namespace NasBench.Cli.Client;

/// <summary>
/// The lab server's HTTP API as the CLI uses it (LAB.md): launch, read, cancel, list and download files, upload. Every
/// failure becomes a <see cref="SubmitException"/> whose lines name the problem (server unreachable, token refused,
/// role too low, each broken rule of a 400) — never an HTTP stack trace. Answers are read as the server writes them:
/// the records of <see cref="NasBench.Core.Lab"/> (<see cref="LabJson"/>).
/// </summary>
internal sealed class LabClient : IDisposable
{
    private readonly HttpClient _http;

    public LabClient(Uri server, string token)
    {
        // A base address ending in '/' with relative API paths: a server behind a proxy at http://host/lab/ works too.
        Server = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        _http = new HttpClient { BaseAddress = Server, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Uri Server { get; }

    /// <summary>POST /api/experiments with the request's JSON; the new experiment's id.</summary>
    public async Task<long> LaunchAsync(string requestJson, CancellationToken cancellationToken)
    {
        using var content = new StringContent(requestJson, Encoding.UTF8, "application/json");
        var answer = await SendAsync<ExperimentLaunched>(HttpMethod.Post, "api/experiments", content, "launch the experiment", cancellationToken);
        return answer.Id;
    }

    /// <summary>GET /api/experiments/{id}: status, progress, message, error, notes.</summary>
    public Task<ExperimentDetail> GetAsync(long id, CancellationToken cancellationToken) =>
        SendAsync<ExperimentDetail>(HttpMethod.Get, $"api/experiments/{id}", null, $"read experiment {id}", cancellationToken);

    /// <summary>POST /api/experiments/{id}/cancel; false when it had already ended (409).</summary>
    public async Task<bool> CancelAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync<CancelAnswer>(HttpMethod.Post, $"api/experiments/{id}/cancel", null, $"cancel experiment {id}", cancellationToken);
            return true;
        }
        catch (SubmitException e) when (e.Status == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>GET /api/experiments/{id}/files: the names of the files the CLI writes for the same command.</summary>
    public async Task<IReadOnlyList<string>> FilesAsync(long id, CancellationToken cancellationToken)
    {
        var answer = await SendAsync<List<ExperimentFile>>(HttpMethod.Get, $"api/experiments/{id}/files", null, $"list the files of experiment {id}", cancellationToken);
        return [.. answer.Select(f => f.Name)];
    }

    /// <summary>GET /api/experiments/{id}/files/{name}, written to <paramref name="path"/> through a .part file.</summary>
    public async Task DownloadAsync(long id, string name, string path, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, $"api/experiments/{id}/files/{Uri.EscapeDataString(name)}", null, $"download {name}", cancellationToken);
        string part = path + ".part";
        await using (var file = File.Create(part))
        {
            await response.Content.CopyToAsync(file, cancellationToken);
        }

        File.Move(part, path, overwrite: true);
    }

    /// <summary>POST /api/uploads (multipart field <c>file</c>); the path of the copy on the server.</summary>
    public async Task<string> UploadAsync(string localPath, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(localPath);
        using var content = new MultipartFormDataContent();
        using var file = new StreamContent(stream);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", Path.GetFileName(localPath));
        var answer = await SendAsync<Upload>(HttpMethod.Post, "api/uploads", content, $"upload {localPath}", cancellationToken);
        return answer.Path;
    }

    /// <summary>The answer as the contract's record; an answer that is not one (not JSON, a field missing) says so.</summary>
    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, string what, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendRawAsync(method, path, content, what, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(body, LabJson.Options) ?? throw new JsonException("null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new SubmitException($"{Server} answered {what} with something that is not a lab answer ({typeof(T).Name}); is it a NasBench lab server?");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SubmitException($"cannot reach the lab server at {Server} to {what}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SubmitException($"the lab server at {Server} did not answer within {_http.Timeout.TotalSeconds:F0} s (to {what}).");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw ProblemReader.ToException(response.StatusCode, body, Server, what);
        }
    }

    public void Dispose() => _http.Dispose();
}
