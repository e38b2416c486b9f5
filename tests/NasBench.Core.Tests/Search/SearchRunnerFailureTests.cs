using NasBench.Core.Search;

namespace NasBench.Core.Tests.Search;

/// <summary>A run that fails names itself on its exception (<see cref="SearchRunner.FailedRunKey"/>), so a failure deep in a
/// long comparison can be reproduced from that configuration and run alone.</summary>
public sealed class SearchRunnerFailureTests
{
    [Fact]
    public void AFailedRun_IsNamedOnItsException()
    {
        var configuration = new SearchConfiguration(new RandomSearchOptions(), new SearchBudget(Queries: 10), SearchProtocol.NasBench101, Seed: 3);
        var error = Assert.Throws<InvalidOperationException>(() =>
            SearchRunner.RunAll([configuration], SearchData.Synthetic, runs: 2, (_, r) => r == 1 ? throw new InvalidOperationException("boom") : null));
        Assert.Equal("RandomSearch configuration 0, run 1, seed 3", error.Data[SearchRunner.FailedRunKey]);
    }
}
