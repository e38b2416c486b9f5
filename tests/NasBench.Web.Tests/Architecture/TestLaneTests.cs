using System.Reflection;
using System.Text.RegularExpressions;
using NasBench.TestSupport.Architecture;

namespace NasBench.Web.Tests.Architecture;

/// <summary>
/// The fast lane (<c>./test.sh --fast</c>) runs this project's in-process tests by a name filter: the slow lanes live in
/// their own namespaces (Pages, Postgres, ChildProcesses) or are named *BrowserTests. A test class elsewhere that starts
/// Chromium, a server process or a PostgreSQL cluster ran in the fast lane unnoticed (the poison-job, TLS-proxy and
/// https-redirect servers, the fair order on PostgreSQL and two Chromium classes under Security/: about 75 s of the lane).
/// </summary>
/// <remarks>
/// Read from the compiled assembly (<see cref="FolderGraph.TypePairs"/>: every reference a type's signatures and IL make
/// to a type of another folder, async state machines and lambdas counted as their outermost type) and from test.sh's
/// filter, so neither a new class nor an edited filter can drift:
/// <code>
/// patterns = the "FullyQualifiedName!~P" parts of test.sh's web_filter
/// fast(class) = no pattern occurs in "Namespace.Class."
/// for each test class C (a [Fact] or [Theory], inherited ones too) with fast(C):
///     C references none of DebianChromium, BrowserFixture (Chromium), LabProcess, MultiProcessLab (server processes),
///     PostgresLabServer (a PostgreSQL cluster)
/// and every class of Apis/ (the in-process API tests the lane is for) is fast
/// </code>
/// </remarks>
public sealed partial class TestLaneTests
{
    /// <summary>The test-support types that start something outside this process (by nameof: a typeof here would be a
    /// reference of this class, which the test then finds).</summary>
    private static readonly string[] Slow =
    [
        "NasBench.Web.Tests.Pages." + nameof(Pages.DebianChromium), "NasBench.Web.Tests.Pages." + nameof(Pages.BrowserFixture),
        "NasBench.Web.Tests.ChildProcesses." + nameof(ChildProcesses.LabProcess),
        "NasBench.Web.Tests.ChildProcesses." + nameof(ChildProcesses.MultiProcessLab),
        "NasBench.Web.Tests.Postgres." + nameof(Postgres.PostgresLabServer),
    ];

    [Fact]
    public void NoFastLaneTest_StartsChromiumAServerProcessOrPostgres()
    {
        var patterns = FastLanePatterns();
        var slowNames = Slow.ToHashSet(StringComparer.Ordinal);
        var uses = FolderGraph.Of(typeof(LabServer), "NasBench.Web.Tests").TypePairs
            .Where(p => slowNames.Contains(p.ToType))
            .ToLookup(p => p.FromType, p => p.ToType);
        var leaks = TestClasses()
            .Where(c => IsFast(c, patterns))
            .SelectMany(c => Uses(c, uses).Select(slow => $"{c.FullName} uses {slow}"))
            .ToList();
        Assert.True(leaks.Count == 0, "in the fast lane but not in-process (move it to Pages/Postgres/ChildProcesses or name it *BrowserTests):\n" +
            string.Join('\n', leaks));
    }

    [Fact]
    public void TheApiTests_AreInTheFastLane()
    {
        var patterns = FastLanePatterns();
        var apis = TestClasses().Where(c => c.Namespace == "NasBench.Web.Tests.Apis").ToList();
        Assert.Contains(apis, c => c.Name == "ExperimentsApiTests");
        Assert.All(apis, c => Assert.True(IsFast(c, patterns), $"{c.FullName} is left out of the fast lane"));
    }

    /// <summary>What test.sh's fast lane leaves out of this project: the P of each "FullyQualifiedName!~P".</summary>
    private static List<string> FastLanePatterns()
    {
        string script = File.ReadAllText(LabServer.FindUp("test.sh"));
        var filter = WebFilter().Match(script);
        Assert.True(filter.Success, "test.sh has no web_filter='…' line");
        var parts = filter.Groups[1].Value.Split('&');
        var patterns = parts.Select(p => NotContains().Match(p)).ToList();
        Assert.True(patterns.All(m => m.Success), $"only FullyQualifiedName!~… parts are understood here: {filter.Groups[1].Value}");
        return patterns.Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>vstest's <c>~</c> is a case-insensitive "contains" on Namespace.Class.Method; a class is in the lane when
    /// no pattern occurs in its own part of that name (then none of its tests is left out for its class's sake).</summary>
    private static bool IsFast(Type testClass, IReadOnlyList<string> patterns) =>
        !patterns.Any(p => (testClass.FullName + ".").Contains(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The slow types a test class or one of its base classes references.</summary>
    private static IEnumerable<string> Uses(Type testClass, ILookup<string, string> uses)
    {
        for (var t = testClass; t is not null && t.Assembly == testClass.Assembly; t = t.BaseType)
        {
            foreach (string slow in uses[t.FullName!])
            {
                yield return slow;
            }
        }
    }

    private static IEnumerable<Type> TestClasses() => typeof(LabServer).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && !t.IsNested)
        .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()));

    [GeneratedRegex(@"web_filter='([^']*)'")]
    private static partial Regex WebFilter();

    [GeneratedRegex(@"^FullyQualifiedName!~(.+)$")]
    private static partial Regex NotContains();
}
