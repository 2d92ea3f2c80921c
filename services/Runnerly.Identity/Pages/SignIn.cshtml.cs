using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Identity.Accounts;

namespace Runnerly.Identity.Pages;

public sealed class SignInModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) : AccountPageModel
{
    // One message for a wrong email, a wrong password and a locked account: no account enumeration.
    public const string Refused = "Email or password is incorrect, or the account is locked for 15 minutes after too many attempts.";

    private static readonly IdentityUser Nobody = new();

    private static string? _nobodysPasswordHash;

    [BindProperty, Required(ErrorMessage = FormMessages.EmailMissing), EmailAddress(ErrorMessage = FormMessages.EmailInvalid)]
    public string Email { get; set; } = "";

    [BindProperty, Required(ErrorMessage = FormMessages.PasswordMissing), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool NeedsConfirmation { get; private set; }

    public void OnGet(bool signedOut = false, bool deleted = false)
    {
        Notice = deleted ? "Your account is deleted, and your data with it." : signedOut ? "You are signed out." : null;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Email);
        if (user is null)
        {
            // As long as checking a real password takes: the answer's timing must not tell which emails have accounts.
            _nobodysPasswordHash ??= users.PasswordHasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
            users.PasswordHasher.VerifyHashedPassword(Nobody, _nobodysPasswordHash, Password);
            ModelState.AddModelError(string.Empty, Refused);
            return Page();
        }

        if (!user.EmailConfirmed)
        {
            // Said only to someone who knows the password, so it reveals nothing to a guesser.
            if (!await users.IsLockedOutAsync(user) && await users.CheckPasswordAsync(user, Password))
            {
                NeedsConfirmation = true;
                ModelState.AddModelError(string.Empty, "Confirm your email before signing in: open the link we sent you, or ask for a new one.");
                return Page();
            }

            await users.AccessFailedAsync(user);
            ModelState.AddModelError(string.Empty, Refused);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: true, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, Refused);
            return Page();
        }

        // Signed in here directly (not sent by the web's sign-in): into the app, not the account settings.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : WebPaths.Dashboard);
    }
}
