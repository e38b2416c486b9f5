using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>
/// Personal access tokens (<see cref="ApiTokens"/>):
/// <code>
/// POST   /api/tokens       {email, password, name?}  (anyone; the sign-in form's throttle) → {"token"}, 400, 401, 429
/// GET    /api/tokens       (signed in)               → your tokens (id, name, createdAt, revokedAt)
/// DELETE /api/tokens/{id}  (signed in)               → 204, 404 when not yours or revoked
/// </code>
/// </summary>
public static class TokensApi
{
    /// <summary>The body of POST /api/tokens.</summary>
    public sealed record TokenRequest(string? Email, string? Password, string? Name);

    /// <summary>A new token (shown once).</summary>
    public sealed record TokenIssued(string Token);

    /// <summary>A token in the list (never the token itself).</summary>
    public sealed record TokenView(long Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tokens", CreateAsync).AllowAnonymous();
        var mine = app.MapGroup("/api/tokens").RequireAuthorization();
        mine.MapGet("/", ListAsync);
        mine.MapDelete("/{id:long}", RevokeAsync);
        return app;
    }

    private static async Task<Results<Ok<TokenIssued>, ValidationProblem, ProblemHttpResult>> CreateAsync(HttpRequest http, SignInManager<LabUser> signIn,
        SignInGate gate, LabDbContext db)
    {
        TokenRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<TokenRequest>(http.Body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return ApiProblems.Field("body", $"Not valid JSON: {e.Message}");
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password))
        {
            return ApiProblems.Field(string.IsNullOrWhiteSpace(body?.Email) ? "email" : "password", "\"email\" and \"password\" are required.");
        }

        // The form's rules: throttled per client, failures counted by Identity's lockout, unknown emails answered as slowly.
        var (outcome, user, retryAfter) = await gate.CheckAsync(http.HttpContext, signIn, body.Email, body.Password, signIn: false);
        return outcome switch
        {
            SignInOutcome.SignedIn => TypedResults.Ok(new TokenIssued(await ApiTokens.IssueAsync(db, user!.Id, body.Name))),
            SignInOutcome.Throttled => TooMany(http.HttpContext, retryAfter),
            _ => ApiProblems.Status(StatusCodes.Status401Unauthorized, "Wrong email or password."),
        };
    }

    private static async Task<Ok<List<TokenView>>> ListAsync(ClaimsPrincipal user, LabDbContext db)
    {
        string id = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        return TypedResults.Ok(await db.ApiTokens.AsNoTracking().Where(t => t.UserId == id)
            .Select(t => new TokenView(t.Id, t.Name, t.CreatedAt, t.RevokedAt)).ToListAsync());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, ClaimsPrincipal user, LabDbContext db)
    {
        string owner = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        int revoked = await db.ApiTokens.Where(t => t.Id == id && t.UserId == owner && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTimeOffset.UtcNow));
        return revoked == 0 ? ApiProblems.Status(StatusCodes.Status404NotFound, $"No token {id} of yours.") : TypedResults.NoContent();
    }

    /// <summary>429 with Retry-After (whole seconds), as the form answers a throttled client.</summary>
    private static ProblemHttpResult TooMany(HttpContext http, TimeSpan retryAfter)
    {
        int seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblems.Status(StatusCodes.Status429TooManyRequests, $"Too many failed sign-ins (from this client, or for this account): try again in {seconds} s.");
    }
}
