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

    // Optional as bound: each form posts only its own fields, and its handler checks them (no "The NewEmail field is required" on another form).
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? NewEmail { get; set; }

    [BindProperty]
    public string? DeletePassword { get; set; }

    /// <summary>How the form just posted went, said beside its button.</summary>
    public string? FormNotice { get; private set; }

    public string? NoticeHandler { get; private set; }

    /// <summary>A refused deletion keeps its form open, with the reason.</summary>
    public bool DeleteAttempted { get; private set; }

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
        if (string.IsNullOrEmpty(CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), "Enter your current password.");
        }

        if (string.IsNullOrEmpty(NewPassword) || NewPassword.Length < 8)
        {
            ModelState.AddModelError(nameof(NewPassword), FormMessages.NewPasswordTooShort);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(_user, CurrentPassword!, NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                if (error.Code == "PasswordMismatch")
                {
                    ModelState.AddModelError(nameof(CurrentPassword), "That is not your current password; your password is unchanged.");
                }
                else
                {
                    ModelState.AddModelError(nameof(NewPassword), error.Description);
                }
            }

            return Page();
        }

        // A new security stamp signs out other sessions; keep this one.
        await signIn.RefreshSignInAsync(_user);
        Said(nameof(OnPostChangePasswordAsync), "Your password is changed.");
        return Page();
    }

    public async Task<IActionResult> OnPostChangeEmailAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(NewEmail) || !new EmailAddressAttribute().IsValid(NewEmail))
        {
            ModelState.AddModelError(nameof(NewEmail), string.IsNullOrWhiteSpace(NewEmail) ? "Enter your new email address." : FormMessages.EmailInvalid);
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
        Said(nameof(OnPostChangeEmailAsync), $"We sent a confirmation link to {NewEmail}. Your email changes when you open it.");
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        DeleteAttempted = true;
        if (string.IsNullOrEmpty(DeletePassword) || !await users.CheckPasswordAsync(_user, DeletePassword))
        {
            ModelState.AddModelError(nameof(DeletePassword), "That is not your password; your account is unchanged.");
            return Page();
        }

        var deleted = await deleter.DeleteAsync(_user, cancellationToken);
        if (!deleted.Succeeded)
        {
            ModelState.AddModelError(nameof(DeletePassword), "Your account could not be deleted just now; nothing was deleted. Please try again in a moment.");
            return Page();
        }

        await signIn.SignOutAsync();
        return LocalRedirect(AccountPaths.SignIn + "?deleted=true");
    }

    private void Said(string handler, string notice) => (NoticeHandler, FormNotice) = (handler, notice);
}
