using Microsoft.AspNetCore.Identity;

namespace Runnerly.Identity.Pages;

public sealed class ConfirmEmailChangeModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) : AccountPageModel
{
    public async Task OnGetAsync(string? userId, string? email, string? code)
    {
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        var token = Decode(code);
        if (user is null || token is null || string.IsNullOrWhiteSpace(email))
        {
            ModelState.AddModelError(string.Empty, "This link is not valid.");
            return;
        }

        // Changing the email also changes the security stamp: the link works once.
        var changed = await users.ChangeEmailAsync(user, email, token);
        if (!changed.Succeeded)
        {
            ModelState.AddModelError(string.Empty, changed.Errors.Any(e => e.Code == "DuplicateEmail")
                ? "Another account already uses this email."
                : "This link has expired or was already used. Ask for a new one from your account page.");
            return;
        }

        await users.SetUserNameAsync(user, email);
        if (signIn.IsSignedIn(User))
        {
            await signIn.RefreshSignInAsync(user);
        }

        Notice = $"Your account's email is now {email}.";
    }
}
