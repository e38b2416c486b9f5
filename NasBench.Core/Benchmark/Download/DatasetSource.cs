namespace NasBench.Core.Benchmark.Download;

/// <summary>
/// A published file to download: where from and the checksums its publisher gives (hex, any case). A NAS-Bench-101
/// variant ("only108", "full") has a SHA-256; training datasets publish an MD5 (FashionMNIST, CIFAR-10) or nothing
/// (Imagenette). Every checksum given must match; with none, any complete download is accepted.
/// </summary>
public sealed record DatasetSource(string Variant, Uri Url, string? Sha256 = null, string? Md5 = null)
{
    /// <summary>The file name the download is saved under (the last segment of the URL).</summary>
    public string FileName => Path.GetFileName(Url.AbsolutePath);

    /// <summary>
    /// The official source of a variant ("only108" or "full", NASBENCH101.md §4), with the URL and checksum overridable
    /// by the environment (<c>NASBENCH_URL_ONLY108</c>, <c>NASBENCH_SHA256_ONLY108</c>, <c>NASBENCH_URL_FULL</c>,
    /// <c>NASBENCH_SHA256_FULL</c>) or by the settings "only108.url", "only108.sha256", … of nasbench.json.
    /// </summary>
    public static DatasetSource Resolve(string variant)
    {
        (string url, string sha) = variant switch
        {
            "only108" => ("https://storage.googleapis.com/nasbench/nasbench_only108.tfrecord", "4c39c3936e36a85269881d659e44e61a245babcb72cb374eacacf75d0e5f4fd1"),
            "full" => ("https://storage.googleapis.com/nasbench/nasbench_full.tfrecord", "3d64db8180fb1b0207212f9032205064312b6907a3bbc81eabea10db2f5c7e9c"),
            _ => throw new ArgumentException($"Unknown variant '{variant}': use only108 or full."),
        };
        url = Override($"NASBENCH_URL_{variant.ToUpperInvariant()}", $"{variant}.url") ?? url;
        sha = Override($"NASBENCH_SHA256_{variant.ToUpperInvariant()}", $"{variant}.sha256") ?? sha;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"The download URL '{url}' of {variant} is not an absolute URL.");
        }

        return new DatasetSource(variant, uri, sha.ToLowerInvariant());
    }

    private static string? Override(string variable, string setting)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? NasBenchPaths.Setting(setting) : value;
    }
}
