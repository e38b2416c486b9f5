using System.Globalization;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.Presentation;

namespace NasBench.Training.Experiments;

/// <summary>
/// Sits between a training and its runner's caller: keeps every k-th step (at most <see cref="MaxSteps"/> per
/// training) and writes them into the sink in batches at least every <see cref="FlushInterval"/> (and at each epoch's
/// end, with the finished epoch), so a live chart moves within seconds as TensorBoard's and W&amp;B's do, and forwards progress with the
/// fraction and remaining time of the whole experiment (a transfer study's cells included) and one warning when a
/// CPU run will take long.
/// </summary>
/// <remarks>
/// Called on the training thread; sink writes are awaited there, so an epoch is in the sink before the next one starts.
/// <code>
/// fraction = (offset + f·scale), f = the training's own fraction; remaining = Eta.Extrapolate(fraction, elapsed, fraction₀) on every step
/// </code>
/// </remarks>
/// <param name="sink">Where kept steps and finished epochs go.</param>
/// <param name="progress">The caller's progress (fraction of the whole experiment, remaining time).</param>
/// <param name="time">The clock of the flush interval and the estimate (injected: tests move it by hand).</param>
/// <param name="startFraction">The experiment's fraction when this session started (a resumed run's earlier epochs).</param>
/// <param name="onCpu">Whether the training runs on the CPU (a long run gets a warning).</param>
internal sealed class TrainingRecorder(IResultSink sink, IProgress<ExperimentProgress>? progress, TimeProvider time, double startFraction, bool onCpu) : IProgress<ExperimentProgress>
{
    /// <summary>Steps kept per training.</summary>
    public const int MaxSteps = 2000;

    /// <summary>A CPU run estimated to take longer than this gets a warning.</summary>
    public static readonly TimeSpan LongCpuRun = TimeSpan.FromMinutes(30);

    /// <summary>Kept steps wait at most this long before a batch goes to the sink.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly List<TrainingStep> _steps = [];
    private readonly long _started = time.GetTimestamp();
    private TimeSpan _flushed;
    private bool _warned;
    private int _sessionSteps;

    /// <summary>Where the current training sits in the experiment: its fraction maps to offset + f·scale.</summary>
    public (double Offset, double Scale) Span { get; set; } = (0, 1);

    /// <summary>Prefix of every message ("cell 3/8: ").</summary>
    public string Prefix { get; set; } = string.Empty;

    public void Report(ExperimentProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        double fraction = Math.Clamp(Span.Offset + (value.Fraction * Span.Scale), 0, 1);
        if (value.Step is { } step)
        {
            _sessionSteps++;
            int stride = Math.Max(1, (step.TotalSteps + MaxSteps - 1) / MaxSteps);
            int global = ((step.Epoch - 1) * step.StepsPerEpoch) + step.Step;
            if (global % stride == 0 || global == step.TotalSteps)
            {
                _steps.Add(step);
            }

            if (value.Epoch is null && Elapsed - _flushed >= FlushInterval)
            {
                Flush();
            }
        }

        if (value.Epoch is { } epoch)
        {
            Flush();
            sink.AddEpochAsync(epoch, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        // From this session's rate only (a resumed run's earlier epochs took no time here); on every step.
        TimeSpan? remaining = _sessionSteps > 0 ? Eta.Extrapolate(fraction, Elapsed, startFraction) : null;
        progress?.Report(value with { Fraction = fraction, Remaining = remaining, Message = Prefix + value.Message });
        if (!_warned && onCpu && _sessionSteps >= 3 && remaining > LongCpuRun)
        {
            _warned = true;
            progress?.Report(new ExperimentProgress(fraction, string.Create(CultureInfo.InvariantCulture,
                $"warning: this CPU run will take about {Durations.Format(remaining.Value)}; use a GPU worker, or --train-images / --epochs for a smoke test.")) { Remaining = remaining });
        }
    }

    private TimeSpan Elapsed => time.GetElapsedTime(_started);

    /// <summary>Writes the steps kept since the last batch (also after a cancel).</summary>
    public void Flush()
    {
        _flushed = Elapsed;
        if (_steps.Count > 0)
        {
            sink.AddTrainingStepsAsync([.. _steps], CancellationToken.None).AsTask().GetAwaiter().GetResult();
            _steps.Clear();
        }
    }
}
