using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using NasBench.Core.Experiments;
using NasBench.Core.Options;

namespace NasBench.Web.Extensions;

/// <summary>RFC 7807 problem details for every error; an exception never reaches a person as a stack trace.</summary>
public static class ProblemExtensions
{
    public static WebApplicationBuilder AddLabProblems(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<LabExceptionHandler>();
        return builder;
    }

    public static WebApplication UseLabProblems(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/hangfire"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        // Routing after the status-code pages: a re-executed request (/not-found) is routed again to its page. With the
        // host's implicit UseRouting at the pipeline's start, the re-execution kept the unknown URL's null endpoint and
        // answered 404 with an empty body.
        app.UseRouting();
        return app;
    }

    /// <summary>Whether an I/O error is "no space left on device" (ENOSPC, 28) or a disk quota (EDQUOT, 122).</summary>
    public static bool DiskFull(IOException exception) =>
        exception is not null && (exception.HResult & 0xFFFF) is 28 or 122 || exception?.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Turns any exception into a problem: bad bodies are 400 (413 when too large), the rest a plain 500.</summary>
    private sealed class LabExceptionHandler(IProblemDetailsService problems, ILogger<LabExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            (int status, string title) = exception switch
            {
                BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
                Jobs.LaunchRefusedException refused => (refused.Status, refused.Message),
                // A page's typed query parameter (?epochs=abc): Blazor's binding throws; the query is the client's.
                InvalidOperationException when exception.Message.StartsWith("Cannot parse the value", StringComparison.Ordinal) => (StatusCodes.Status400BadRequest, "A query-string value has the wrong type."),
                IOException io when DiskFull(io) => (StatusCodes.Status507InsufficientStorage, "The server's disk is full; nothing was stored. The lab's admin has to free space."),
                JsonException or RequestValidationException or FormatException => (StatusCodes.Status400BadRequest, "The request could not be read."),
                _ => (StatusCodes.Status500InternalServerError, "Something went wrong on the server; it is logged."),
            };
            if (status == StatusCodes.Status507InsufficientStorage)
            {
                // The admin's to fix, not a bug: one line, no stack trace.
                logger.LogWarning("Refused on {Path}: {Reason}", httpContext.Request.Path, exception.Message);
            }
            else if (status >= 500)
            {
                logger.LogError(exception, "Unhandled error on {Path}", httpContext.Request.Path);
            }

            httpContext.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = status < 500 ? exception.Message : null },
                Exception = null,
            });
        }
    }
}
