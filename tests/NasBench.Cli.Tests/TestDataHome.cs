using System.Runtime.CompilerServices;

namespace NasBench.Cli.Tests;

/// <summary>Every test of this assembly runs with a temporary NASBENCH_HOME: none reads or writes the user's data folder.</summary>
internal static class TestDataHome
{
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "nasbench-cli-tests-home-" + Environment.ProcessId);

    [ModuleInitializer]
    internal static void Set()
    {
        Directory.CreateDirectory(Folder);
        Environment.SetEnvironmentVariable(NasBench.Core.NasBenchPaths.HomeVariable, Folder);
        Environment.SetEnvironmentVariable(NasBench.Core.NasBenchPaths.StoreVariable, null);
    }
}
