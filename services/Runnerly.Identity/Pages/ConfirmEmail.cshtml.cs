using Microsoft.AspNetCore.Identity;

namespace Runnerly.Identity.Pages;

public sealed class ConfirmEmailModel(UserManager<IdentityUser> users) : AccountPageModel
{
    /// <summary>Confirmed now, or already (the link opened again): either way the runner goes on to sign in.</summary>
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        var token = Decode(code);
        if (user is null || token is null)
        {
            ModelState.AddModelError(string.Empty, "This confirmation link is not valid. Ask for a new one below.");
            return;
        }

        if (user.EmailConfirmed)
        {
            Confirmed = true;
            Notice = "Your email is already confirmed: this link has done its work. Sign in to go on.";
            return;
        }

        var result = await users.ConfirmEmailAsync(user, token);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, "This confirmation link has expired or is not valid. Ask for a new one below.");
            return;
        }

        // Makes this link (and any older one) unusable: a confirmation link works once.
        await users.UpdateSecurityStampAsync(user);
        Confirmed = true;
        Notice = "Your email is confirmed and your account is active. Sign in, then connect Strava and your runs come in by themselves.";
    }
}
