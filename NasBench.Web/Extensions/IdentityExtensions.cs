using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Extensions;

/// <summary>ASP.NET Core Identity (EF stores): cookies for pages, Bearer tokens for the API, the lab's roles.</summary>
/// <remarks>
/// The API changes state only for Bearer tokens: a POST/PUT/PATCH/DELETE on /api/* is authenticated by the token scheme
/// alone, so the sign-in cookie (which a browser attaches to a page's cross-site form or no-cors fetch, SameSite=Lax
/// included when the page is on another port or a sibling subdomain) is never a credential there. Reads (GET) still accept
/// the cookie, for the pages' download links and images. Pages change state through antiforgery-checked forms and circuits.
/// </remarks>
public static class IdentityExtensions
{
    private const string Selector = "Lab";

    public static WebApplicationBuilder AddLabIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddSingleton<LabSetup>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Selector;
                o.DefaultChallengeScheme = Selector;
            })
            .AddPolicyScheme(Selector, "cookie or token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || ChangesApiState(context.Request)
                    ? TokenAuthenticationHandler.Name
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.Name, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/signin";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            // The API answers 401/403; only pages redirect to the sign-in form.
            o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        });
        services.AddIdentityCore<LabUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LabDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddOptions<LabSecurityOptions>().BindConfiguration(LabSecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInGate>();
        // Open pages: each action re-reads the user (ActingUser); the circuit's state is re-checked every CircuitCheckSeconds.
        services.AddSingleton<ActingUser>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, LabAuthenticationStateProvider>();
        // Revocation on the next request: the cookie's security stamp (changed by disable, role change) is checked every
        // StampCheckSeconds (0: each request) instead of Identity's 30 minutes.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<Microsoft.Extensions.Options.IOptions<LabSecurityOptions>>((o, lab) =>
            o.ValidationInterval = TimeSpan.FromSeconds(lab.Value.StampCheckSeconds));
        // Identity's lockout no longer counts failures (SignInGate locks a client out of an account, never the account for
        // everyone); LockoutEnd stays the admin's "disable".
        services.AddAuthorizationBuilder()
            .AddPolicy(LabRoles.LaunchPolicy, p => p.RequireRole(LabRoles.Admin, LabRoles.Member))
            .AddPolicy(LabRoles.AdminPolicy, p => p.RequireRole(LabRoles.Admin));
        return builder;
    }

    /// <summary>A request that may change state on the API: every method but GET, HEAD, OPTIONS and TRACE under /api.</summary>
    public static bool ChangesApiState(HttpRequest request) =>
        request is not null && request.Path.StartsWithSegments("/api")
        && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hangfire"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
