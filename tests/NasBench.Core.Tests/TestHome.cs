using System.Runtime.CompilerServices;

namespace NasBench.Core.Tests;

/// <summary>Runs before any test of this assembly: a temporary NASBENCH_HOME (see <see cref="TestDataHome"/>).</summary>
internal static class TestHome
{
    [ModuleInitializer]
    internal static void Set() => TestDataHome.Use("core");
}
