using NasBench.Web.Extensions;

// The lab server: pages, API and (role all/worker) a Hangfire worker. Registration lives in Extensions/.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddLabSettings(); // NasBench:* settings, typed (Settings/LabSettings.cs) and validated at start
builder.AddLabData();      // EF Core SQLite: lab.db in the data folder
builder.AddLabIdentity();  // Identity: cookies for pages, Bearer tokens for the API, roles
builder.AddLabJobs();      // Hangfire SQLite: jobs.db, servers per queue, launcher, notifier, runners
builder.AddLabProblems();  // RFC 7807 problem details for every error
builder.AddLabPages();     // Blazor Server
builder.AddLabSecurity();  // no Server header, forwarded headers and HSTS for a TLS proxy (NasBench:Security)

var app = builder.Build();
await app.MigrateLabDatabaseAsync();
app.UseLabSecurity();      // security headers on every answer; JSON-only API bodies come after authorization
app.UseLabProblems();
app.UseLabPipeline();
if (LabRole.ServesWeb(app.Configuration))
{
    app.UseShareGuard();   // /share/<token>: GET/HEAD only, 404 for an unknown or revoked token, before any page or form
}

app.MapLabApis();
app.MapLabPages();
app.Logger.LogInformation("NasBench lab server ({Role}) on {Urls}; data folder {Data}",
    LabRole.Of(app.Configuration), string.Join(", ", app.Urls.DefaultIfEmpty(builder.Configuration["ASPNETCORE_URLS"] ?? "http://localhost:5000")), NasBench.Web.Data.LabPaths.DataDirectory);
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
