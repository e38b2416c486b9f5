using System.Globalization;
using NasBench.Cli.Terminal;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Training.Experiments;
using NasBench.Core.Presentation;

namespace NasBench.Cli.Commands;

/// <summary>
/// Training progress on stderr: on a terminal a bar redrawn at most 4 times a second; in a log, a plain line at
/// least every <see cref="LogInterval"/> (and at each quarter of an epoch). Steps show the time left; every epoch
/// and every message (loading, resuming, warnings) gets its own line.
/// </summary>
internal sealed class TrainingProgressLine(TextWriter error) : IProgress<ExperimentProgress>
{
    /// <summary>The longest a log goes without a progress line (while steps arrive).</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly bool _interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private long _lastDraw = long.MinValue / 2;
    private int _lastQuarter = -1;
    private bool _open;

    public void Report(ExperimentProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (value.Step is { } s)
            {
                Step(value, s);
            }
            else if (value.Epoch is { } p)
            {
                _lastQuarter = -1;
                string validation = p.ValidationAccuracy is { } v ? $" validation {v:F4}" : "";
                Line(string.Create(CultureInfo.InvariantCulture,
                    $"{value.Message}: train loss {p.TrainLoss:F4} accuracy {p.TrainAccuracy:F4}{validation} test {p.TestAccuracy:F4} ({p.Seconds:F0} s){Left(value)}"));
            }
            else
            {
                Line(value.Message);
            }
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            if (_open)
            {
                error.WriteLine();
                _open = false;
            }

            error.Flush();
        }
    }

    private void Step(ExperimentProgress value, TrainingStep s)
    {
        long now = Environment.TickCount64;
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{value.Message} loss {s.Loss:F3} lr {s.LearningRate:G3} {s.ImagesPerSecond:F0} img/s, {value.Fraction:P0}{Left(value)}");
        if (_interactive)
        {
            if (now - _lastDraw > 250 || s.Step == s.StepsPerEpoch)
            {
                _lastDraw = now;
                error.Write($"\r{ProgressLine.Bar((double)s.Step / s.StepsPerEpoch, 20)} {text}   ");
                _open = true;
            }

            return;
        }

        int quarter = (int)(4L * s.Step / s.StepsPerEpoch);
        if (quarter > _lastQuarter || now - _lastDraw >= (long)LogInterval.TotalMilliseconds)
        {
            _lastQuarter = quarter;
            _lastDraw = now;
            error.WriteLine(text);
        }
    }

    private void Line(string text)
    {
        error.WriteLine(_open ? $"\r{text}          " : text);
        _open = false;
    }

    private static string Left(ExperimentProgress value) =>
        value.Remaining is { } r && value.Fraction < 1 ? $", about {Durations.Format(r)} left" : string.Empty;
}
