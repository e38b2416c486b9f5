using System.Text.Json;

namespace NasBench.Core.Lab;

/// <summary>
/// The lab server's HTTP contract (LAB.md), shared by the server, which writes these records, and <c>nasbench submit</c>,
/// which reads them: camelCase names, as <see cref="JsonSerializerOptions.Web"/> writes them (the server's minimal APIs
/// use the same defaults).
/// </summary>
/// <remarks>A folder of its own, not a part of Experiments: the records are transport (ids, URLs, states) and depend on no
/// other Core folder, so both the web host and the CLI's client take them without taking anything else.</remarks>
public static class LabJson
{
    /// <summary>The options both sides use.</summary>
    public static JsonSerializerOptions Options => JsonSerializerOptions.Web;
}
