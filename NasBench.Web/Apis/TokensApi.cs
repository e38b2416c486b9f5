using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>/api/tokens: personal access tokens (POST with email and password; list and revoke your own).</summary>
public static class TokensApi
{
    /// <summary>The body of POST /api/tokens.</summary>
    public sealed record TokenRequest(string? Email, string? Password, string? Name);

    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tokens", Create).AllowAnonymous();
        app.MapGet("/api/tokens", async (ClaimsPrincipal user, LabDbContext db) =>
        {
            string id = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
            return Results.Ok(await db.ApiTokens.AsNoTracking().Where(t => t.UserId == id)
                .Select(t => new { t.Id, t.Name, t.CreatedAt, t.RevokedAt }).ToListAsync());
        }).RequireAuthorization();
        app.MapDelete("/api/tokens/{id:long}", async (long id, ClaimsPrincipal user, LabDbContext db) =>
        {
            string owner = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
            int revoked = await db.ApiTokens.Where(t => t.Id == id && t.UserId == owner && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTimeOffset.UtcNow));
            return revoked == 0 ? Results.Problem(statusCode: 404, title: $"No token {id} of yours.") : Results.NoContent();
        }).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> Create(HttpRequest http, SignInManager<LabUser> signIn, SignInGate gate, LabDbContext db)
    {
        TokenRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<TokenRequest>(http.Body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Not valid JSON: {e.Message}"] });
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [string.IsNullOrWhiteSpace(body?.Email) ? "email" : "password"] = ["\"email\" and \"password\" are required."],
            });
        }

        // The form's rules: throttled per client, failures counted by Identity's lockout, unknown emails answered as slowly.
        var (outcome, user, retryAfter) = await gate.CheckAsync(http.HttpContext, signIn, body.Email, body.Password, signIn: false);
        return outcome switch
        {
            SignInOutcome.SignedIn => Results.Ok(new { token = await IssueAsync(db, user!.Id, body.Name) }),
            SignInOutcome.Throttled => TooMany(http.HttpContext, retryAfter),
            _ => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong email or password."),
        };
    }

    /// <summary>429 with Retry-After (whole seconds), as the form answers a throttled client.</summary>
    public static IResult TooMany(HttpContext http, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(http);
        int seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: $"Too many failed sign-ins (from this client, or for this account): try again in {seconds} s.");
    }

    /// <summary>Makes a token for a user and stores its hash; the token is shown once.</summary>
    public static async Task<string> IssueAsync(LabDbContext db, string userId, string? name)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (token, hash) = TokenAuthenticationHandler.NewToken();
        db.ApiTokens.Add(new ApiToken { UserId = userId, Name = string.IsNullOrWhiteSpace(name) ? "api" : name[..Math.Min(100, name.Length)], Hash = hash, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return token;
    }
}
