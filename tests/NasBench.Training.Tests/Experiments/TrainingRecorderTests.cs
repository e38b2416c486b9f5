using Microsoft.Extensions.Time.Testing;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Training.Experiments;

namespace NasBench.Training.Tests.Experiments;

/// <summary>Kept steps reach the sink in batches within the flush interval, not only when an epoch ends (issue 18), on an
/// injected clock (before, a real one with sleeps between steps and a bound on the wall time).</summary>
public sealed class TrainingRecorderTests
{
    [Fact]
    public void Steps_ReachTheSink_InBatches_OnceTheFlushIntervalHasPassed_BeforeTheEpochEnds()
    {
        var sink = new MemorySink();
        var time = new FakeTimeProvider();
        var recorder = new TrainingRecorder(sink, null, time, 0, onCpu: false);
        var step = TimeSpan.FromMilliseconds(100);
        int steps = (int)(TrainingRecorder.FlushInterval / step); // 10 steps at 0, 0.1, …, 0.9 s
        for (int k = 1; k <= steps; k++)
        {
            recorder.Report(Step(k));
            time.Advance(step);
        }

        Assert.Empty(sink.Steps); // before 1 s: nothing written yet
        recorder.Report(Step(steps + 1));
        Assert.Equal(steps + 1, sink.Steps.Count); // at 1 s: one batch of the eleven steps
        Assert.Empty(sink.Epochs);

        time.Advance(step);
        recorder.Report(Step(steps + 2));
        Assert.Equal(steps + 1, sink.Steps.Count); // the next batch waits for the next interval
        recorder.Report(new ExperimentProgress(0.5, "epoch 1") { Epoch = new TrainingEpoch(0, 1, 1, 2.2, 0.15, 0.14, 0.13, 12) });
        Assert.Equal(steps + 2, sink.Steps.Count); // an epoch's end writes what was kept, then the epoch
        Assert.Single(sink.Epochs);
    }

    private static ExperimentProgress Step(int step) =>
        new(step / 1000.0, "training") { Step = new TrainingStep(0, 1, step, 1000, 1000, 2.3, 0.1, 100) };
}
