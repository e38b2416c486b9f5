using NasBench.Training.Trainers;

namespace NasBench.Cli.Commands;

/// <summary>
/// Training progress on stderr: on a terminal a bar redrawn at most 4 times a second; in a log, a plain line at each
/// quarter of an epoch. Every epoch ends with its own line (losses and accuracies).
/// </summary>
internal sealed class TrainingProgressLine(TextWriter error, string prefix = "")
{
    private readonly bool _interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private long _lastDraw;
    private int _lastQuarter = -1;

    public void Report(TrainingEvent e)
    {
        switch (e)
        {
            case StepProgress s when _interactive && (Environment.TickCount64 - _lastDraw > 250 || s.Step == s.StepsPerEpoch):
                _lastDraw = Environment.TickCount64;
                int done = (int)(20L * s.Step / s.StepsPerEpoch);
                error.Write($"\r{prefix}epoch {s.Epoch} [{new string('#', done)}{new string('.', 20 - done)}] {Describe(s)}   ");
                break;
            case StepProgress s when !_interactive && (int)(4L * s.Step / s.StepsPerEpoch) > _lastQuarter:
                _lastQuarter = (int)(4L * s.Step / s.StepsPerEpoch);
                error.WriteLine($"{prefix}epoch {s.Epoch}: {Describe(s)}");
                break;
            case EpochProgress p:
                _lastQuarter = -1;
                string validation = p.ValidationAccuracy is { } v ? $" validation {v:F4}" : "";
                string line = $"{prefix}epoch {p.Epoch}/{p.Epochs}: train loss {p.TrainLoss:F4} accuracy {p.TrainAccuracy:F4}{validation} test {p.TestAccuracy:F4} ({p.Seconds:F0} s)";
                error.WriteLine(_interactive ? $"\r{line}          " : line);
                break;
        }
    }

    public void Finish() => error.Flush();

    private static string Describe(StepProgress s) =>
        $"{s.Step}/{s.StepsPerEpoch} loss {s.Loss:F3} lr {s.LearningRate:G3} {s.ImagesPerSecond:F0} img/s";
}
