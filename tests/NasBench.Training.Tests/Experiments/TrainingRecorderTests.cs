using System.Diagnostics;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Training.Experiments;

namespace NasBench.Training.Tests.Experiments;

/// <summary>Kept steps reach the sink in batches within the flush interval, not only when an epoch ends (issue 18).</summary>
public sealed class TrainingRecorderTests
{
    [Fact]
    public void Steps_ReachTheSink_WithinSeconds_BeforeTheEpochEnds()
    {
        var sink = new MemorySink();
        var recorder = new TrainingRecorder(sink, null, Stopwatch.StartNew(), 0, onCpu: false);
        var clock = Stopwatch.StartNew();
        int step = 0;
        while (sink.Steps.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            step++;
            recorder.Report(new ExperimentProgress(step / 1000.0, "training") { Step = new TrainingStep(0, 1, step, 1000, 1000, 2.3, 0.1, 100) });
            Thread.Sleep(10);
        }

        Assert.NotEmpty(sink.Steps);
        Assert.Empty(sink.Epochs);
        Assert.InRange(clock.Elapsed, TrainingRecorder.FlushInterval, TrainingRecorder.FlushInterval * 2);
        Assert.True(sink.Steps.Count > 1, "one batch, not one write per step");
    }
}
