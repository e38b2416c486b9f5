using NasBench.Web.Account;

namespace NasBench.Web.Tests.Security;

/// <summary>The one-time set-up link is single-use under concurrency (issue 17: six parallel posts made six admins).</summary>
public class LabSetupTests
{
    [Fact]
    public async Task SixParallelTakes_OneWins()
    {
        var setup = new LabSetup();
        typeof(LabSetup).GetProperty(nameof(LabSetup.Token))!.SetValue(setup, "0123456789abcdef");
        using var start = new ManualResetEventSlim();
        var takes = Enumerable.Range(0, 6).Select(_ => Task.Run(() => { start.Wait(); return setup.TryTake("0123456789abcdef"); })).ToList();
        start.Set();
        bool[] won = await Task.WhenAll(takes);
        Assert.Equal(1, won.Count(w => w));
        Assert.Null(setup.Token);
        Assert.False(setup.TryTake("0123456789abcdef"));
        setup.Restore("0123456789abcdef");
        Assert.False(setup.TryTake("wrong"));
        Assert.True(setup.TryTake("0123456789abcdef"));
    }
}
