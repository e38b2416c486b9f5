using NasBench.Core.Presentation;

namespace NasBench.Core.Tests.Presentation;

public sealed class DurationsTests
{
    [Theory]
    [InlineData(-5, "under 1 s")] // a clock that moved back
    [InlineData(0.4, "under 1 s")]
    [InlineData(12.9, "12 s")]
    [InlineData(59.99, "59 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(3_599, "59 min 59 s")]
    [InlineData(3_900, "1 h 05 min")]
    [InlineData(172_799, "47 h 59 min")]
    [InlineData(40 * 86_400 + 3_600, "40 days")]
    public void Format_OneWayForEveryDuration(double seconds, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));
}
