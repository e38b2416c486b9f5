namespace NasBench.Web.Extensions;

/// <summary>
/// NasBench:Database: <c>sqlite</c> (default; lab.db and jobs.db in the data folder) or <c>postgres</c>
/// (ConnectionStrings:Lab for EF Core, ConnectionStrings:Jobs for Hangfire, both required). Anything else stops the
/// start-up with a message naming the setting.
/// </summary>
public static class LabDatabase
{
    public const string Setting = "NasBench:Database";

    /// <summary>True for postgres, false for sqlite (or unset); throws for any other value.</summary>
    public static bool IsPostgres(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string value = (configuration[Setting] ?? "sqlite").Trim().ToLowerInvariant();
        return value switch
        {
            "" or "sqlite" => false,
            "postgres" or "postgresql" => true,
            _ => throw new InvalidOperationException(
                $"{Setting} must be sqlite or postgres (got '{configuration[Setting]}'); as an environment variable: NasBench__Database=postgres."),
        };
    }

    /// <summary>ConnectionStrings:<paramref name="name"/>, required with postgres.</summary>
    public static string RequiredConnectionString(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? value = configuration.GetConnectionString(name);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException(
                $"{Setting} is postgres but ConnectionStrings:{name} is not set (e.g. ConnectionStrings__{name}=\"Host=db;Database=nasbench_{name.ToLowerInvariant()};Username=nasbench;Password=…\").")
            : value;
    }
}
