using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>Admin only: POST /api/users {"email","password","role"}, GET /api/users, PUT /api/users/{id}/role {"role"},
/// POST /api/users/{id}/disable | enable, GET /api/audit (who launched, cancelled, published, shared, … what).</summary>
public static class UsersApi
{
    /// <summary>The body of POST /api/users and PUT …/role.</summary>
    public sealed record UserRequest(string? Email, string? Password, string? Role);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(LabRoles.AdminPolicy);
        api.MapGet("/users", async (UserManager<LabUser> users) => Results.Ok(await LabUsers.ListAsync(users)));
        api.MapPost("/users", CreateAsync);
        api.MapPut("/users/{id}/role", async (string id, HttpRequest http, ClaimsPrincipal who, UserManager<LabUser> users, IDbContextFactory<LabDbContext> contexts) =>
        {
            var body = await ReadAsync(http);
            if (LabUsers.RoleOf(body?.Role) is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["\"role\" must be admin, member or viewer."] });
            }

            if (!await LabUsers.SetRoleAsync(users, id, body!.Role!))
            {
                return Results.Problem(statusCode: 404, title: $"No user {id}.");
            }

            await AuditLog.WriteAsync(contexts, who.Identity?.Name, "role", null, $"{id} → {body.Role}");
            return Results.NoContent();
        });
        api.MapPost("/users/{id}/disable", (string id, ClaimsPrincipal who, UserManager<LabUser> users, LabDbContext db, IDbContextFactory<LabDbContext> contexts) => DisableAsync(id, true, who, users, db, contexts));
        api.MapPost("/users/{id}/enable", (string id, ClaimsPrincipal who, UserManager<LabUser> users, LabDbContext db, IDbContextFactory<LabDbContext> contexts) => DisableAsync(id, false, who, users, db, contexts));
        api.MapGet("/audit", async (IDbContextFactory<LabDbContext> contexts, long? experiment, int? skip, int? take) =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            var query = db.Audit().AsNoTracking();
            if (experiment is { } e)
            {
                query = query.Where(a => a.ExperimentId == e);
            }

            int total = await query.CountAsync();
            var items = await query.OrderByDescending(a => a.Id).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 50, 1, 500)).ToListAsync();
            return Results.Ok(new Page<AuditEntry>(total, items));
        });
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, ClaimsPrincipal who, UserManager<LabUser> users, IDbContextFactory<LabDbContext> contexts)
    {
        var body = await ReadAsync(http);
        var (user, errors) = await LabUsers.CreateAsync(users, body?.Email, body?.Password, body?.Role);
        if (errors is not null)
        {
            return errors.TryGetValue("email", out var email) && email[0].Contains("exists", StringComparison.Ordinal)
                ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: email[0])
                : Results.ValidationProblem(errors, title: "The request breaks a rule.");
        }

        await AuditLog.WriteAsync(contexts, who.Identity?.Name, "user", null, $"created {user!.Email} ({user.Role})");
        return Results.Created($"/api/users/{user.Id}", user);
    }

    private static async Task<IResult> DisableAsync(string id, bool disabled, ClaimsPrincipal who, UserManager<LabUser> users, LabDbContext db, IDbContextFactory<LabDbContext> contexts)
    {
        if (who.FindFirstValue(ClaimTypes.NameIdentifier) == id && disabled)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "An admin cannot disable their own account.");
        }

        if (!await LabUsers.SetDisabledAsync(users, db, id, disabled))
        {
            return Results.Problem(statusCode: 404, title: $"No user {id}.");
        }

        await AuditLog.WriteAsync(contexts, who.Identity?.Name, disabled ? "disabled" : "enabled", null, id);
        return Results.NoContent();
    }

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
