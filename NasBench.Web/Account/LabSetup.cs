using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace NasBench.Web.Account;

/// <summary>
/// The roles and the first admin: from NasBench:Lab:AdminEmail / AdminPassword, or — when no user exists and none is
/// configured — a one-time set-up link printed at start (/account/setup?token=…).
/// </summary>
public sealed class LabSetup
{
    private readonly Lock _gate = new();

    /// <summary>The one-time set-up token while no user exists (null once an admin is made).</summary>
    public string? Token { get; private set; }

    public void Consume() => Token = null;

    /// <summary>Takes the token when <paramref name="token"/> is it: true for one caller only, however many post at once.</summary>
    public bool TryTake(string? token)
    {
        lock (_gate)
        {
            if (Token is null || token is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(Token)))
            {
                return false;
            }

            Token = null;
            return true;
        }
    }

    /// <summary>Gives a taken token back (the admin could not be made, e.g. a too short password).</summary>
    public void Restore(string token)
    {
        lock (_gate)
        {
            Token ??= token;
        }
    }

    public static async Task EnsureAsync(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        using var scope = services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Data.LabUser>>();
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<LabSetup>>();
        foreach (string role in LabRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        string? email = configuration["NasBench:Lab:AdminEmail"];
        string? password = configuration["NasBench:Lab:AdminPassword"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password) && await users.FindByEmailAsync(email) is null)
        {
            var result = await CreateAsync(users, email, password, LabRoles.Admin);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"NasBench:Lab:AdminEmail/AdminPassword: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }

            logger.LogInformation("Admin {Email} created from NasBench:Lab:AdminEmail", email);
        }

        if (!users.Users.Any())
        {
            var setup = scope.ServiceProvider.GetRequiredService<LabSetup>();
            setup.Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            logger.LogWarning("No user yet. Make the first admin at /account/setup?token={Token} (valid until used or restart)", setup.Token);
        }
    }

    public static async Task<IdentityResult> CreateAsync(UserManager<Data.LabUser> users, string email, string password, string role)
    {
        ArgumentNullException.ThrowIfNull(users);
        var user = new Data.LabUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        return result.Succeeded ? await users.AddToRoleAsync(user, role) : result;
    }
}
