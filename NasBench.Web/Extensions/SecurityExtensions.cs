using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NasBench.Web.Account;

namespace NasBench.Web.Extensions;

/// <summary>
/// What every response and every API request goes through (LAB.md, "Security"): no Server header, security headers on
/// every answer, forwarded headers and HSTS for a TLS proxy when configured, and JSON-only bodies on the API.
/// </summary>
public static class SecurityExtensions
{
    /// <summary>Scripts, styles and connections from the lab itself only; no framing, no plugins, forms post back to the lab.
    /// Scripts come from the lab's files only (no inline script, no eval: the pages have none, App.razor renders no import map).
    /// Styles keep 'unsafe-inline': Plotly writes its charts' styles into &lt;style&gt; elements and style attributes, and
    /// Blazor's own reconnect and error UI set style attributes.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddLabSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<LabLimitsOptions>().BindConfiguration(LabLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DiskSpace>();
        var security = builder.Configuration.GetSection(LabSecurityOptions.Section).Get<LabSecurityOptions>() ?? new LabSecurityOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (string proxy in security.KnownProxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(180));
        // The antiforgery cookie's default is never Secure; like the sign-in cookie, it is Secure whenever the request is
        // https (behind the TLS proxy: X-Forwarded-Proto).
        builder.Services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline: forwarded headers (when trusted), HSTS and https (when asked), the security headers.</summary>
    public static WebApplication UseLabSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var security = app.Services.GetRequiredService<IOptions<LabSecurityOptions>>().Value;
        if (security.ForwardedHeaders)
        {
            app.UseForwardedHeaders();
        }

        if (security.Hsts)
        {
            app.UseHsts();
            // Not the health probe: a container's HEALTHCHECK asks http://localhost/healthz, and `curl -f` takes a redirect
            // for success, so a redirected probe would say healthy without checking anything (HttpsRedirectTests).
            app.UseWhen(c => !c.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal), b => b.UseHttpsRedirection());
        }

        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer"; // share links carry their token in the path
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>After authorization: an API request with a body must say it is JSON (uploads: multipart/form-data). A
    /// cross-site page can only send text/plain, form or multipart bodies without a CORS preflight the lab never grants.</summary>
    public static WebApplication UseLabApiContentTypes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/hangfire/stats") && !request.HasFormContentType)
            {
                // Hangfire's dashboard polls this with a form; anything else made it throw (a 500).
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status400BadRequest, Title = "/hangfire/stats takes a form POST of metrics[]." },
                });
                return;
            }

            bool hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
            if (hasBody && IdentityExtensions.ChangesApiState(request) && !Accepts(request))
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status415UnsupportedMediaType,
                        Title = request.Path.StartsWithSegments("/api/uploads")
                            ? "Uploads are multipart/form-data."
                            : $"The body must be JSON, sent as Content-Type: application/json (got '{request.ContentType}').",
                    },
                });
                return;
            }

            await next(context);
        });
        return app;
    }

    private static bool Accepts(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            return false;
        }

        return request.Path.StartsWithSegments("/api/uploads")
            ? type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            : type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true;
    }
}
