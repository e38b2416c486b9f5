using NasBench.Core;

namespace NasBench.Web.Data;

/// <summary>Where the lab keeps its files: the CLI's data folder ($NASBENCH_HOME), lab.db, jobs.db, experiments/&lt;id&gt;/.</summary>
public static class LabPaths
{
    public static string DataDirectory => NasBenchPaths.DataDirectory;

    public static string LabDatabase => Path.Combine(DataDirectory, "lab.db");

    public static string JobsDatabase => Path.Combine(DataDirectory, "jobs.db");

    /// <summary>The folder of one experiment's files (the same files the CLI writes into its --out folder).</summary>
    public static string ExperimentDirectory(long id) => Path.Combine(DataDirectory, "experiments", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The epoch checkpoints of one experiment's trainings (a restarted job resumes from them).</summary>
    public static string CheckpointDirectory(long id) => Path.Combine(DataDirectory, "checkpoints", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The same under NasBench:CheckpointFolder when it is set (a volume every worker mounts, so another worker
    /// resumes a training where a dead one stopped), else under the data folder.</summary>
    public static string CheckpointDirectory(IConfiguration configuration, long id) =>
        LabSettings.Server(configuration).CheckpointFolder is { Length: > 0 } root
            ? Path.Combine(root, id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : CheckpointDirectory(id);

    /// <summary>The path of one file of an experiment, or null when the name is not a plain file name.</summary>
    public static string? ExperimentFile(long id, string name) =>
        string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or ".." || name.EndsWith(".part", StringComparison.Ordinal)
            ? null
            : Path.Combine(ExperimentDirectory(id), name);
}
