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
        return builder;
    }

    public static WebApplication UseLabPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
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
        app.MapPost("/account/signout", async (SignInManager<LabUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/signin");
        });
        return app;
    }
}
