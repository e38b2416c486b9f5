namespace NasBench.TestSupport;

/// <summary>
/// A temporary NASBENCH_HOME per test assembly, so that no test reads or writes the user's ~/.local/share/nasbench;
/// NASBENCH_STORE is cleared so a store named there is never picked up.
/// </summary>
/// <remarks>
/// Each test project calls <see cref="Use"/> from its own <c>[ModuleInitializer]</c> (one line): a module initializer
/// here would run only when this assembly is first touched, which may be after a test has read the data folder.
/// </remarks>
public static class TestDataHome
{
    /// <summary>The folder of this process, set by <see cref="Use"/>.</summary>
    public static string Folder { get; private set; } = string.Empty;

    /// <summary>Points NASBENCH_HOME at a fresh folder named after <paramref name="assembly"/> and this process.</summary>
    public static void Use(string assembly)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"nasbench-{assembly}-tests-home-{Environment.ProcessId}");
        Directory.CreateDirectory(Folder);
        Environment.SetEnvironmentVariable(NasBench.Core.NasBenchPaths.HomeVariable, Folder);
        Environment.SetEnvironmentVariable(NasBench.Core.NasBenchPaths.StoreVariable, null);
    }
}
