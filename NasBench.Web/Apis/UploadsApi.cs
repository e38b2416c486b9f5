using Microsoft.AspNetCore.Http.HttpResults;
using NasBench.Web.Account;

namespace NasBench.Web.Apis;

/// <summary>
/// <code>
/// POST /api/uploads  (Member; multipart field <c>file</c>) → 201 Upload {path, name, size}, 400, 413 (size or quota), 507 (disk full)
/// </code>
/// The answer's path (<see cref="Uploads"/>) is the server path to use as a request's path option (correlate's <c>file</c>,
/// <c>records</c>), which lies in the allowed folders by construction.
/// </summary>
public static class UploadsApi
{
    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        // The form is read by hand, not bound to IFormFile: that binding would demand an antiforgery token, which API
        // clients with a Bearer token do not have (the sign-in cookie is SameSite=Lax, so other sites cannot post here).
        app.MapPost("/api/uploads", ReceiveAsync).RequireAuthorization(LabRoles.LaunchPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Uploads.MaxBytes + (1 << 20)));
        return app;
    }

    private static async Task<Results<Created<Upload>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(HttpRequest http,
        System.Security.Claims.ClaimsPrincipal user, Microsoft.Extensions.Options.IOptions<LabLimitsOptions> limits, DiskSpace disk, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Before the body is read: a full disk stores nothing (507).
        disk.ThrowIfFull();
        if (!http.HasFormContentType)
        {
            return Problem("Send the file as multipart/form-data in the field 'file'.");
        }

        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
        {
            // A malformed multipart body (no boundary, a part cut short) is the client's, never a 500.
            return Problem($"The multipart/form-data body could not be read: {e.Message}");
        }

        var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
        if (file is null)
        {
            return Problem("Send the file as multipart/form-data in the field 'file'.");
        }

        if (file.Length == 0 || file.Length > Uploads.MaxBytes)
        {
            return Problem($"The file must hold between 1 and {Uploads.MaxBytes:N0} bytes (got {file.Length:N0}).");
        }

        string owner = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        if (Uploads.QuotaProblem(owner, file.Length, limits.Value, clock) is { } quota)
        {
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, quota);
        }

        await using var stream = file.OpenReadStream();
        var upload = await Uploads.SaveAsync(stream, file.FileName, cancellationToken, owner);
        return TypedResults.Created((string?)null, upload);
    }

    private static ValidationProblem Problem(string title) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [title] }, title: "The upload could not be read.");
}
