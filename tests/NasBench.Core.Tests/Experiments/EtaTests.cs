using NasBench.Core.Progress;
using Microsoft.Extensions.Time.Testing;
using NasBench.Core.Experiments;

namespace NasBench.Core.Tests.Experiments;

public sealed class EtaTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Remaining_ReadsNowFromTheInjectedClock()
    {
        var clock = new FakeTimeProvider(Start);
        // 25 % done after 10 min: 30 min left.
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(30), Eta.Remaining(0.25, Start, clock));
        // The same fraction an hour later: the rate fell, 3 h left.
        clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(TimeSpan.FromHours(3), Eta.Remaining(0.25, Start, clock));
    }

    [Fact]
    public void Remaining_UnknownUntilThereIsEnoughToSay()
    {
        var clock = new FakeTimeProvider(Start);
        clock.Advance(TimeSpan.FromSeconds(0.4));
        Assert.Null(Eta.Remaining(0.5, Start, clock)); // under half a second
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(Eta.Remaining(0.0005, Start, clock)); // under 0.1 % done
        Assert.Null(Eta.Remaining(1, Start, clock)); // done
        Assert.NotNull(Eta.Remaining(0.002, Start, clock));
    }

    [Fact]
    public void Remaining_CountsThisSessionsRateOnly()
    {
        // A resumed training at 50 % that reached 60 % in 2 min: 8 min left (not 1 min 20 s from the whole fraction).
        Assert.Equal(TimeSpan.FromMinutes(8), Eta.Remaining(0.6, TimeSpan.FromMinutes(2), startFraction: 0.5));
        Assert.Null(Eta.Remaining(0.5, TimeSpan.FromMinutes(2), startFraction: 0.5));
        // Extrapolate has no gate of its own (a training reports it on every step): zero when done.
        Assert.Equal(TimeSpan.Zero, Eta.Extrapolate(1, TimeSpan.FromSeconds(0.1), startFraction: 0.5));
        Assert.Null(Eta.Extrapolate(0.5, TimeSpan.FromSeconds(0.1), startFraction: 0.5));
    }
}
