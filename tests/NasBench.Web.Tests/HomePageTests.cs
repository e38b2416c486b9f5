using Microsoft.AspNetCore.Mvc.Testing;

namespace NasBench.Web.Tests;

public sealed class HomePageTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Home_RendersTheSpaceSummary()
    {
        using var client = factory.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("<title>NasBench</title>", html);
        Assert.Contains("423,624 unique cells", html);
    }
}
