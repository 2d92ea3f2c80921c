using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Runnerly.Identity.Accounts;

namespace Runnerly.Identity.Pages;

[Authorize]
public sealed class AccountModel(
    UserManager<IdentityUser> users,
    SignInManager<IdentityUser> signIn,
    IAccountMailer mailer,
    AccountDeleter deleter) : AccountPageModel
{
    public string Email { get; private set; } = "";

    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public string NewEmail { get; set; } = "";

    [BindProperty]
    public string DeletePassword { get; set; } = "";

    private IdentityUser _user = null!;

    /// <summary>Every handler acts on the signed-in account: load it once, or send the visitor to sign in.</summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            context.Result = Challenge();
            return;
        }

        _user = user;
        Email = user.Email!;
        await next();
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostChangePasswordAsync()
    {
        var result = await users.ChangePasswordAsync(_user, CurrentPassword, NewPassword);
        if (!result.Succeeded)
        {
            AddErrors(result);
            return Page();
        }

        // A new security stamp signs out other sessions; keep this one.
        await signIn.RefreshSignInAsync(_user);
        Notice = "Your password is changed.";
        return Page();
    }

    public async Task<IActionResult> OnPostChangeEmailAsync(CancellationToken cancellationToken)
    {
        if (!new EmailAddressAttribute().IsValid(NewEmail) || string.IsNullOrWhiteSpace(NewEmail))
        {
            ModelState.AddModelError(nameof(NewEmail), "Enter a valid email address.");
            return Page();
        }

        if (string.Equals(NewEmail, _user.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(NewEmail), "This is already your email.");
            return Page();
        }

        if (await users.FindByEmailAsync(NewEmail) is null)
        {
            var token = await users.GenerateChangeEmailTokenAsync(_user, NewEmail);
            var link = PublicLink("/ConfirmEmailChange", new { userId = _user.Id, email = NewEmail, code = Encode(token) });
            await mailer.SendEmailChangeAsync(NewEmail, link, cancellationToken);
        }

        // Said whether or not the address is taken, so this form cannot probe for accounts.
        Notice = $"We sent a confirmation link to {NewEmail}. Your email changes when you open it.";
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!await users.CheckPasswordAsync(_user, DeletePassword))
        {
            ModelState.AddModelError(nameof(DeletePassword), "That is not your password; your account is unchanged.");
            return Page();
        }

        var deleted = await deleter.DeleteAsync(_user, cancellationToken);
        if (!deleted.Succeeded)
        {
            AddErrors(deleted);
            return Page();
        }

        await signIn.SignOutAsync();
        return LocalRedirect(AccountPaths.SignIn + "?deleted=true");
    }
}
