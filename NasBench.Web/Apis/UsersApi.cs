using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>
/// Admin only (<see cref="LabUsers"/>, <see cref="AuditLog"/>):
/// <code>
/// GET  /api/users                                      → LabUserView[]
/// POST /api/users               {email, password, role} → 201 LabUserView, 400, 409 when the email exists
/// PUT  /api/users/{id}/role     {role}                  → 204, 400, 404
/// POST /api/users/{id}/disable | enable                 → 204, 404, 409 (an admin's own account)
/// GET  /api/audit?experiment&amp;skip&amp;take                 → Page&lt;AuditEntry&gt;: who launched, cancelled, published, shared, … what
/// </code>
/// </summary>
public static class UsersApi
{
    /// <summary>The body of POST /api/users and PUT …/role.</summary>
    public sealed record UserRequest(string? Email, string? Password, string? Role);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(LabRoles.AdminPolicy);
        api.MapGet("/users", ListAsync);
        api.MapPost("/users", CreateAsync);
        api.MapPut("/users/{id}/role", SetRoleAsync);
        api.MapPost("/users/{id}/disable", DisableAsync);
        api.MapPost("/users/{id}/enable", EnableAsync);
        api.MapGet("/audit", AuditAsync);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<LabUserView>>> ListAsync(UserManager<LabUser> users) => TypedResults.Ok(await LabUsers.ListAsync(users));

    private static async Task<Results<Created<LabUserView>, ValidationProblem, ProblemHttpResult>> CreateAsync(HttpRequest http, ClaimsPrincipal who,
        UserManager<LabUser> users, IDbContextFactory<LabDbContext> contexts)
    {
        var body = await ReadAsync(http);
        var (user, errors) = await LabUsers.CreateAsync(users, body?.Email, body?.Password, body?.Role);
        if (errors is not null)
        {
            return errors.TryGetValue("email", out var email) && email[0].Contains("exists", StringComparison.Ordinal)
                ? ApiProblems.Status(StatusCodes.Status409Conflict, email[0])
                : TypedResults.ValidationProblem(errors, title: "The request breaks a rule.");
        }

        await AuditLog.WriteAsync(contexts, who.Identity?.Name, "user", null, $"created {user!.Email} ({user.Role})");
        return TypedResults.Created($"/api/users/{user.Id}", user);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetRoleAsync(string id, HttpRequest http, ClaimsPrincipal who,
        UserManager<LabUser> users, IDbContextFactory<LabDbContext> contexts)
    {
        var body = await ReadAsync(http);
        if (LabUsers.RoleOf(body?.Role) is null)
        {
            return ApiProblems.Field("role", "\"role\" must be admin, member or viewer.");
        }

        if (!await LabUsers.SetRoleAsync(users, id, body!.Role!))
        {
            return ApiProblems.Status(StatusCodes.Status404NotFound, $"No user {id}.");
        }

        await AuditLog.WriteAsync(contexts, who.Identity?.Name, "role", null, $"{id} → {body.Role}");
        return TypedResults.NoContent();
    }

    private static Task<Results<NoContent, ProblemHttpResult>> DisableAsync(string id, ClaimsPrincipal who, UserManager<LabUser> users, LabDbContext db,
        IDbContextFactory<LabDbContext> contexts) => SetDisabledAsync(id, true, who, users, db, contexts);

    private static Task<Results<NoContent, ProblemHttpResult>> EnableAsync(string id, ClaimsPrincipal who, UserManager<LabUser> users, LabDbContext db,
        IDbContextFactory<LabDbContext> contexts) => SetDisabledAsync(id, false, who, users, db, contexts);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetDisabledAsync(string id, bool disabled, ClaimsPrincipal who, UserManager<LabUser> users,
        LabDbContext db, IDbContextFactory<LabDbContext> contexts)
    {
        if (who.FindFirstValue(ClaimTypes.NameIdentifier) == id && disabled)
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "An admin cannot disable their own account.");
        }

        if (!await LabUsers.SetDisabledAsync(users, db, id, disabled))
        {
            return ApiProblems.Status(StatusCodes.Status404NotFound, $"No user {id}.");
        }

        await AuditLog.WriteAsync(contexts, who.Identity?.Name, disabled ? "disabled" : "enabled", null, id);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Page<AuditEntry>>> AuditAsync(IDbContextFactory<LabDbContext> contexts, long? experiment, int? skip, int? take)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var query = db.Audit().AsNoTracking();
        if (experiment is { } e)
        {
            query = query.Where(a => a.ExperimentId == e);
        }

        int total = await query.CountAsync();
        var items = await query.OrderByDescending(a => a.Id).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 50, 1, 500)).ToListAsync();
        return TypedResults.Ok(new Page<AuditEntry>(total, items));
    }

    /// <summary>The body, read by hand: malformed JSON reads as no body (each rule then names its field).</summary>
    private static async Task<UserRequest?> ReadAsync(HttpRequest http)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<UserRequest>(http.Body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
