using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Identity.Accounts;

namespace Runnerly.Identity.Pages;

public sealed class SignUpModel(UserManager<IdentityUser> users, IAccountMailer mailer) : AccountPageModel
{
    [BindProperty, Required(ErrorMessage = FormMessages.EmailMissing), EmailAddress(ErrorMessage = FormMessages.EmailInvalid), StringLength(254, ErrorMessage = FormMessages.EmailInvalid)]
    public string Email { get; set; } = "";

    [BindProperty, Required(ErrorMessage = FormMessages.NewPasswordTooShort), DataType(DataType.Password), StringLength(256, MinimumLength = 8, ErrorMessage = FormMessages.NewPasswordTooShort)]
    public string Password { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = new IdentityUser { UserName = Email, Email = Email };
        var created = await users.CreateAsync(user, Password);
        if (created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
        {
            // The page answers as for a new account, so it cannot tell a stranger who has one; the owner hears of it.
            var owner = await users.FindByEmailAsync(Email) ?? await users.FindByNameAsync(Email);
            if (owner is { EmailConfirmed: true })
            {
                await mailer.SendAccountExistsAsync(owner.Email!, PublicUrl(WebPaths.SignIn), PublicUrl(AccountPaths.PasswordForgotten), cancellationToken);
            }
            else if (owner is not null)
            {
                var token = await users.GenerateEmailConfirmationTokenAsync(owner);
                await mailer.SendConfirmationAsync(owner.Email!, Link("/ConfirmEmail", owner.Id, token), cancellationToken);
            }
        }
        else if (!created.Succeeded)
        {
            AddErrors(created);
            return Page();
        }
        else
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            await mailer.SendConfirmationAsync(Email, Link("/ConfirmEmail", user.Id, token), cancellationToken);
        }

        Sent = true;
        Notice = $"We sent a confirmation link to {Email}. Open it to activate your account.";
        return Page();
    }
}
