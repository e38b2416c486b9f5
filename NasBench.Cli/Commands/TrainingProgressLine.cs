using NasBench.Training.Trainers;

namespace NasBench.Cli.Commands;

/// <summary>A one-line progress bar on stderr for training events (redrawn at most 4 times a second; epochs get their own line).</summary>
internal sealed class TrainingProgressLine(TextWriter error, string prefix = "")
{
    private long lastDraw;

    public void Report(TrainingEvent e)
    {
        switch (e)
        {
            case StepProgress s when Environment.TickCount64 - lastDraw > 250 || s.Step == s.StepsPerEpoch:
                lastDraw = Environment.TickCount64;
                int done = (int)(20L * s.Step / s.StepsPerEpoch);
                error.Write($"\r{prefix}epoch {s.Epoch} [{new string('#', done)}{new string('.', 20 - done)}] {s.Step}/{s.StepsPerEpoch} loss {s.Loss:F3} lr {s.LearningRate:G3} {s.ImagesPerSecond:F0} img/s   ");
                break;
            case EpochProgress p:
                string validation = p.ValidationAccuracy is { } v ? $" validation {v:F4}" : "";
                error.WriteLine($"\r{prefix}epoch {p.Epoch}/{p.Epochs}: train loss {p.TrainLoss:F4} accuracy {p.TrainAccuracy:F4}{validation} test {p.TestAccuracy:F4} ({p.Seconds:F0} s)          ");
                break;
        }
    }

    public void Finish() => error.Flush();
}
