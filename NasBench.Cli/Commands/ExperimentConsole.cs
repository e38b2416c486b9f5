using System.CommandLine;
using NasBench.Cli.Terminal;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Figures;

namespace NasBench.Cli.Commands;

/// <summary>
/// How a CLI command runs an experiment: the request is validated (its messages are the errors the CLI prints),
/// the runner writes into a folder sink that draws figures with ScottPlot, progress goes to a bar on stderr, and
/// the runner's notes and the files written are listed on stderr after it.
/// </summary>
internal static class ExperimentConsole
{
    /// <summary>The renderer of every figure the CLI writes.</summary>
    public static IFigureRenderer Renderer { get; } = new ScottPlotRenderer();

    /// <summary>Throws the request's broken rules as one CLI error (all of them, one per line).</summary>
    public static T Valid<T>(T request)
        where T : ExperimentRequest
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        return errors.Count == 0 ? request : throw new CliException(string.Join(Environment.NewLine + "error: ", errors.Select(e => e.Message)));
    }

    /// <summary>The `--dry-run` option every experiment command has: print the request as JSON (the body of
    /// <c>POST /api/experiments</c>) and do nothing else.</summary>
    public static Option<bool> DryRunOption() => new("--dry-run") { Description = "Print the experiment request as one JSON object (the lab server's API body) and exit without running it." };

    /// <summary>When --dry-run is given, prints the request and returns true.</summary>
    public static bool DryRun(ParseResult parse, Option<bool> option, ExperimentRequest request)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (!parse.GetValue(option))
        {
            return false;
        }

        parse.InvocationConfiguration.Output.WriteLine(ExperimentJson.Serialize(request));
        return true;
    }

    /// <summary>A folder sink for <paramref name="outDir"/> with the CLI's renderer.</summary>
    public static FolderSink Folder(string outDir) => new(outDir, Renderer);

    /// <summary>Runs a study that trains cells (transfer, advise) into <paramref name="folder"/>: the benchmark from the
    /// store locator, checkpoints under <c>folder/checkpoints</c>, a training progress line, then prints the study's
    /// text result <paramref name="resultFile"/> and the notes and files.</summary>
    public static async Task RunTrainingStudyAsync(ParseResult parse, ExperimentRequest request, string folder, string resultFile,
        Func<BenchmarkProvider, string, IExperimentRunner> runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(runner);
        var error = parse.InvocationConfiguration.Error;
        using var provider = new BenchmarkProvider(StoreLocator.LoadSpace(error));
        var sink = Folder(folder);
        var progress = new TrainingProgressLine(error);
        await runner(provider, Path.Combine(folder, "checkpoints")).RunAsync(request, sink, progress, cancellationToken);
        progress.Finish();
        await parse.InvocationConfiguration.Output.WriteAsync(await File.ReadAllTextAsync(Path.Combine(folder, resultFile), cancellationToken));
        Report(error, sink);
    }

    /// <summary>Prints the outcome's notes and the files the sink wrote.</summary>
    public static void Report(TextWriter error, FolderSink sink)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(sink);
        foreach (string note in sink.Outcome?.Notes ?? [])
        {
            error.WriteLine($"note: {note}");
        }

        foreach (string file in sink.Written)
        {
            error.WriteLine($"wrote {file}");
        }
    }

    /// <summary>The experiment's progress as a bar on stderr (with the time left when the runner knows it).</summary>
    public sealed class Bar(TextWriter error, string label) : IProgress<ExperimentProgress>, IDisposable
    {
        private readonly ProgressLine _line = new(error, label);

        public void Report(ExperimentProgress value)
        {
            ArgumentNullException.ThrowIfNull(value);
            _line.Report(value.Fraction);
        }

        public void Done() => _line.Done();

        public void Dispose() => _line.Dispose();
    }
}
