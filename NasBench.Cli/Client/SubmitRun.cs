using System.Diagnostics;
using NasBench.Cli.Terminal;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Core.Lab;

namespace NasBench.Cli.Client;

/// <summary>One submitted experiment: uploads its local files, launches it, follows its status and progress, cancels it
/// on Ctrl+C, and downloads its files when it succeeds.</summary>
internal sealed class SubmitRun(LabClient client, TextWriter output, TextWriter error, TimeSpan poll)
{
    public async Task<int> RunAsync(SubmittedCommand submitted, bool noUpload, CancellationToken cancellationToken)
    {
        long? id = null;
        try
        {
            var json = submitted.Json;
            foreach (string field in noUpload ? [] : SubmitCommand.UploadedFields)
            {
                if (json[field]?.GetValue<string>() is { } local && File.Exists(local))
                {
                    string remote = await client.UploadAsync(local, cancellationToken);
                    await error.WriteLineAsync($"uploaded {local} ({RequestRules.Option(field)})");
                    json[field] = remote;
                }
            }

            id = await client.LaunchAsync(json.ToJsonString(), cancellationToken);
            await error.WriteLineAsync($"submitted experiment {id} ({submitted.Request.Kind}): {new Uri(client.Server, $"experiments/{id}")}");
            var detail = await FollowAsync(id.Value, cancellationToken);
            return await FinishAsync(id.Value, detail, submitted, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (id is { } started)
            {
                // Ctrl+C: the server stops the run (partial results kept there); a short wait, as the process is ending.
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
                try
                {
                    bool asked = await client.CancelAsync(started, quick.Token);
                    await error.WriteLineAsync(asked ? $"asked the lab server to cancel experiment {started}" : $"experiment {started} had already ended");
                }
                catch (Exception e) when (e is SubmitException or OperationCanceledException)
                {
                    await error.WriteLineAsync($"error: could not ask the lab server to cancel experiment {started}: {(e is SubmitException s ? s.Lines[0] : "no answer in time")}");
                }
            }

            await error.WriteLineAsync("error: cancelled");
            return 130;
        }
    }

    /// <summary>Polls until the experiment ends: status changes as lines, the running part as the CLI's progress bar.</summary>
    private async Task<ExperimentDetail> FollowAsync(long id, CancellationToken cancellationToken)
    {
        string? status = null;
        ProgressLine? bar = null;
        var clock = Stopwatch.StartNew();
        (TimeSpan At, double Fraction)? first = null;
        try
        {
            while (true)
            {
                var detail = await client.GetAsync(id, cancellationToken);
                string now = detail.Status;
                if (now != status)
                {
                    if (now == ExperimentStates.Succeeded)
                    {
                        bar?.Report(1.0);
                    }

                    bar?.Dispose();
                    bar = null;
                    string worker = now == ExperimentStates.Running && detail.Worker is { } w ? $" on {w}" : string.Empty;
                    string attempt = detail.Attempts > 1 ? $" (attempt {detail.Attempts})" : string.Empty;
                    await error.WriteLineAsync($"experiment {id}: {now}{worker}{attempt}");
                    status = now;
                    if (now == ExperimentStates.Running)
                    {
                        bar = new ProgressLine(error, $"experiment {id}");
                    }
                }

                if (ExperimentStates.IsFinal(now))
                {
                    return detail;
                }

                if (bar is not null)
                {
                    double fraction = detail.Progress;
                    first ??= (clock.Elapsed, fraction);
                    bar.Report(new ExperimentProgress(fraction, detail.Message ?? string.Empty) { Remaining = Remaining(first.Value, clock.Elapsed, fraction) });
                }

                await Task.Delay(poll, cancellationToken);
            }
        }
        finally
        {
            bar?.Dispose();
        }
    }

    /// <summary>The time left at the rate seen since the run was first seen running (null until there is a rate).</summary>
    private static TimeSpan? Remaining((TimeSpan At, double Fraction) first, TimeSpan now, double fraction)
    {
        double done = fraction - first.Fraction;
        double seconds = (now - first.At).TotalSeconds;
        return done > 0.001 && seconds > 1 && fraction < 1 ? TimeSpan.FromSeconds(seconds / done * (1 - fraction)) : null;
    }

    private async Task<int> FinishAsync(long id, ExperimentDetail detail, SubmittedCommand submitted, CancellationToken cancellationToken)
    {
        foreach (string note in detail.Notes ?? [])
        {
            await error.WriteLineAsync($"note: {note}");
        }

        switch (detail.Status)
        {
            case ExperimentStates.Failed:
                throw new SubmitException($"experiment {id} failed on the lab server: {detail.Error ?? "no error recorded"}");
            case ExperimentStates.Cancelled:
                await error.WriteLineAsync($"error: experiment {id} was cancelled on the lab server (its partial results stay there)");
                return 130;
        }

        var names = await client.FilesAsync(id, cancellationToken);
        if (submitted.OutFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
            foreach (string name in names)
            {
                string path = Path.Combine(folder, name);
                await client.DownloadAsync(id, name, path, cancellationToken);
                await error.WriteLineAsync($"wrote {path}");
            }
        }

        // `nasbench train` prints its result as JSON on stdout, with or without --out: so does its submitted twin.
        if (submitted.Request.Kind == ExperimentKinds.Training && names.Contains("result.json"))
        {
            string temp = Path.GetTempFileName();
            try
            {
                await client.DownloadAsync(id, "result.json", temp, cancellationToken);
                await output.WriteAsync(await File.ReadAllTextAsync(temp, cancellationToken));
            }
            finally
            {
                File.Delete(temp);
            }
        }

        return 0;
    }
}
