using NasBench.Core.Experiments;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>The files of an experiment as they are on disk (the folder the CLI's --out would hold).</summary>
public static class ExperimentFiles
{
    /// <summary>The files by name, each with its /api/experiments/{id}/files/… address.</summary>
    public static IReadOnlyList<ExperimentFile> List(long id)
    {
        var directory = new DirectoryInfo(LabPaths.ExperimentDirectory(id));
        return directory.Exists
            ? [.. directory.EnumerateFiles().Where(f => LabPaths.ExperimentFile(id, f.Name) is not null).OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new ExperimentFile(f.Name, f.Length, Artifact.ContentTypeOf(f.Name), $"/api/experiments/{id}/files/{Uri.EscapeDataString(f.Name)}"))]
            : [];
    }
}
