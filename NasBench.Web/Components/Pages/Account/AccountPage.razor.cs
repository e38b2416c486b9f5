using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.JSInterop;
using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using NasBench.Core.Statistics;
using NasBench.Web.Account;
using NasBench.Web.Apis;
using NasBench.Web.Components.Shared;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using NasBench.Web.Live;

namespace NasBench.Web.Components.Pages.Account;

/// <summary>The signed-in user's account: roles, API tokens (issue, revoke) and the password (static SSR forms).</summary>
public sealed partial class AccountPage
{
    private LabUser? _user;
    private IList<string> _roles = [];
    private List<ApiToken> _tokens = [];
    private string? _newToken;
    private string? _passwordMessage;
    private bool _passwordOk;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "token-create")] private TokenForm? TokenInput { get; set; }

    [SupplyParameterFromForm(FormName = "password")] private PasswordForm? PasswordInput { get; set; }

    protected override async Task OnInitializedAsync()
    {
        TokenInput ??= new();
        PasswordInput ??= new();
        _user = await Users.GetUserAsync(HttpContext.User);
        _roles = _user is null ? [] : await Users.GetRolesAsync(_user);
        await LoadTokensAsync();
    }

    private async Task LoadTokensAsync()
    {
        _tokens = await Queries.TokensAsync(HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier));
    }

    private async Task CreateTokenAsync()
    {
        _newToken = await Queries.IssueAsync(_user!.Id, TokenInput!.Name);
        TokenInput.Name = "";
        await LoadTokensAsync();
    }

    private async Task RevokeAsync(long id)
    {
        await Queries.RevokeAsync(_user!.Id, id);
        await LoadTokensAsync();
    }

    private async Task ChangePasswordAsync()
    {
        if (PasswordInput!.New != PasswordInput.Confirm)
        {
            (_passwordMessage, _passwordOk) = ("The two new passwords differ.", false);
            return;
        }

        var result = await Users.ChangePasswordAsync(_user!, PasswordInput.Current, PasswordInput.New);
        if (!result.Succeeded)
        {
            (_passwordMessage, _passwordOk) = (string.Join(" ", result.Errors.Select(e => e.Description)), false);
            return;
        }

        await SignIn.RefreshSignInAsync(_user!);
        (_passwordMessage, _passwordOk) = ("The password is changed.", true);
        PasswordInput = new();
    }

    private static string Explain(string role) => role switch
    {
        LabRoles.Admin => "everything",
        LabRoles.Member => "launches and cancels its own experiments",
        _ => "reads",
    };

    private sealed class TokenForm
    {
        [Required, StringLength(100)] public string Name { get; set; } = "";
    }

    private sealed class PasswordForm
    {
        [Required] public string Current { get; set; } = "";

        [Required, MinLength(8)] public string New { get; set; } = "";

        [Required] public string Confirm { get; set; } = "";
    }
}
