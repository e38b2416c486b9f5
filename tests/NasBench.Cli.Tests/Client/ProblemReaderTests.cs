using System.Net;
using NasBench.Cli.Client;

namespace NasBench.Cli.Tests.Client;

/// <summary>The lab server's problem details (as ASP.NET Core writes them) turned into the lines `nasbench submit` prints.
/// The submit tests against the real server are in NasBench.Web.Tests/Submit; these cover answers an in-process server
/// of the same version cannot give (a kind it does not know).</summary>
public sealed class ProblemReaderTests
{
    private static readonly Uri Server = new("http://lab:8080/");

    [Fact]
    public void UnknownKind_SaysTheServerDoesNotRunIt()
    {
        const string body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The request breaks a rule.","status":400,"errors":{"kind":["Unknown kind 'transfer': use one of search, compare."]}}""";
        var e = ProblemReader.ToException(HttpStatusCode.BadRequest, body, Server, "launch the experiment");
        Assert.Equal(1, e.ExitCode);
        Assert.Equal("the lab server refused the request (400): The request breaks a rule.", e.Lines[0]);
        Assert.Equal("the lab server does not run this kind of experiment: Unknown kind 'transfer': use one of search, compare. (is it an older version than this CLI?)", e.Lines[1]);
    }

    [Fact]
    public void EachFieldError_IsOneLine_NamingItsOption()
    {
        const string body = """{"title":"The request breaks a rule.","status":400,"errors":{"runs":["--runs must be between 1 and 10000 (got 0)."],"simulatedSeconds":["must be positive."]}}""";
        var e = ProblemReader.ToException(HttpStatusCode.BadRequest, body, Server, "launch the experiment");
        Assert.Equal(["--runs must be between 1 and 10000 (got 0).", "--simulated-seconds: must be positive."], e.Lines.Skip(1));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "", "refused the token (401 Unauthorized)")]
    [InlineData(HttpStatusCode.Forbidden, """{"title":"Forbidden","status":403}""", "(403 Forbidden): Forbidden Viewers can read")]
    [InlineData(HttpStatusCode.NotFound, "<html>not here</html>", "http://lab:8080/ has no lab API here (404 to launch the experiment)")]
    [InlineData(HttpStatusCode.InternalServerError, """{"title":"Something went wrong on the server; it is logged.","status":500}""", "answered 500 InternalServerError to launch the experiment: Something went wrong")]
    public void OtherAnswers_NameTheProblem(HttpStatusCode status, string body, string expected)
    {
        var e = ProblemReader.ToException(status, body, Server, "launch the experiment");
        Assert.Contains(expected, Assert.Single(e.Lines), StringComparison.Ordinal);
    }
}
