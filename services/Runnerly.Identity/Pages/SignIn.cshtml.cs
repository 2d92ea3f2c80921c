using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Identity.Accounts;

namespace Runnerly.Identity.Pages;

public sealed class SignInModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, SignInThrottle throttle) : AccountPageModel
{
    // One message for a wrong email and a wrong password: no account enumeration.
    public const string Refused = "Email or password is incorrect.";

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

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var normalizedEmail = users.NormalizeEmail(Email);
        var address = HttpContext.Connection.RemoteIpAddress;
        if (await throttle.WaitAsync(normalizedEmail, address, cancellationToken) is { } wait)
        {
            // Not even checked: a guess made while waiting would make the wait pointless.
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty,
                $"Too many wrong passwords for this email from your network. Try again in {Said(seconds)}, or reset your password.");
            var page = Page();
            page.StatusCode = StatusCodes.Status429TooManyRequests;
            return page;
        }

        var user = await users.FindByEmailAsync(Email);
        if (user is null)
        {
            // As long as checking a real password takes: the answer's timing must not tell which emails have accounts.
            _nobodysPasswordHash ??= users.PasswordHasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
            users.PasswordHasher.VerifyHashedPassword(Nobody, _nobodysPasswordHash, Password);
            return await RefusedAsync(normalizedEmail, address, cancellationToken);
        }

        if (!user.EmailConfirmed)
        {
            // Said only to someone who knows the password, so it reveals nothing to a guesser.
            if (!await users.CheckPasswordAsync(user, Password))
            {
                return await RefusedAsync(normalizedEmail, address, cancellationToken);
            }

            await throttle.SucceededAsync(normalizedEmail, address, cancellationToken);
            NeedsConfirmation = true;
            ModelState.AddModelError(string.Empty, "Confirm your email before signing in: open the link we sent you, or ask for a new one.");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: true, lockoutOnFailure: false);
        if (!result.Succeeded)
        {
            return await RefusedAsync(normalizedEmail, address, cancellationToken);
        }

        await throttle.SucceededAsync(normalizedEmail, address, cancellationToken);
        // Signed in here directly (not sent by the web's sign-in): into the app, not the account settings.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : WebPaths.Dashboard);
    }

    private async Task<IActionResult> RefusedAsync(string normalizedEmail, System.Net.IPAddress? address, CancellationToken cancellationToken)
    {
        await throttle.FailedAsync(normalizedEmail, address, cancellationToken);
        ModelState.AddModelError(string.Empty, Refused);
        return Page();
    }

    private static string Said(int seconds) => seconds switch
    {
        1 => "1 second",
        < 120 => $"{seconds} seconds",
        _ => $"{(seconds + 59) / 60} minutes",
    };
}
