using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.Presentation;

namespace NasBench.Cli.Terminal;

/// <summary>
/// A progress bar on stderr: redrawn in place on a terminal, a few plain lines otherwise (logs stay readable).
/// Thread-safe; redraws at most ten times a second; the bar ends its line at 100 % or on <see cref="Done"/>. Takes the
/// experiments' <see cref="ExperimentProgress"/> (then it shows the time left) as well as a bare fraction.
/// </summary>
public sealed class ProgressLine : IProgress<double>, IProgress<ExperimentProgress>, IDisposable
{
    private readonly TextWriter _writer;
    private readonly string _label;
    private readonly bool _interactive;
    private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private long _lastDrawMs = -1000;
    private int _lastQuarter = -1;
    private bool _done;

    public ProgressLine(TextWriter writer, string label)
    {
        _writer = writer;
        _label = label;
        _interactive = ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
    }

    public void Report(double value) => Draw(value, null);

    public void Report(ExperimentProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Draw(value.Fraction, value.Remaining);
    }

    private static string Left(TimeSpan? remaining) => remaining is { } r ? $", about {Durations.Format(r)} left" : string.Empty;

    private void Draw(double value, TimeSpan? remaining)
    {
        lock (_lock)
        {
            if (_done)
            {
                return;
            }

            value = Math.Clamp(value, 0, 1);
            if (_interactive)
            {
                long now = _watch.ElapsedMilliseconds;
                if (now - _lastDrawMs < 100 && value < 1)
                {
                    return;
                }

                _lastDrawMs = now;
                _writer.Write($"\r{_label} {Bar(value, 30)} {value,6:P1} {_watch.Elapsed.TotalSeconds,6:F1} s{Left(remaining)}   ");
                if (value >= 1)
                {
                    _writer.WriteLine();
                    _done = true;
                }
            }
            else if ((int)(value * 4) > _lastQuarter)
            {
                _lastQuarter = (int)(value * 4);
                _writer.WriteLine($"{_label}: {value:P0} ({_watch.Elapsed.TotalSeconds:F1} s{Left(remaining)})");
            }
        }
    }

    /// <summary>The CLI's one bar: <paramref name="width"/> cells, '#' for the part done, '.' for the rest, in brackets.</summary>
    public static string Bar(double fraction, int width)
    {
        int filled = (int)(Math.Clamp(fraction, 0, 1) * width);
        return $"[{new string('#', filled)}{new string('.', width - filled)}]";
    }

    public void Done()
    {
        lock (_lock)
        {
            if (!_done && _interactive)
            {
                _writer.WriteLine();
            }

            _done = true;
        }
    }

    public void Dispose() => Done();
}
