using Microsoft.AspNetCore.Identity;
using NasBench.Web.Components;
using NasBench.Web.Data;

namespace NasBench.Web.Extensions;

/// <summary>Blazor Server pages (sign-in is static SSR with antiforgery; the live pages are interactive).</summary>
public static class PageExtensions
{
    public static WebApplicationBuilder AddLabPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddLabQueries(); // what the components ask instead of the database (Services/QueryServices.cs)
        builder.Services.AddSingleton<Components.Pages.Home.BenchmarkSetup>(); // the home page's "no benchmark yet" buttons
        builder.Services.AddSingleton<HomeQueries>();
        // Serve the build output's assets (packages', scoped CSS) in every environment, so `dotnet NasBench.Web.dll` from
        // bin/ works as the published app does (a no-op once published: there is no runtime manifest then).
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static WebApplication UseLabPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseLabApiContentTypes();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapLabPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!LabRole.ServesWeb(app.Configuration))
        {
            return app;
        }

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        // The layout's form carries the antiforgery token; a cross-site form cannot sign anyone out.
        app.MapPost("/account/signout", async (HttpContext http, SignInManager<LabUser> signIn, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-out form's antiforgery token is missing or wrong.");
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/signin");
        }).DisableAntiforgery();
        return app;
    }
}
