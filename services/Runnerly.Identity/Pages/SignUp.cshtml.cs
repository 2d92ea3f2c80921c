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
        if (!created.Succeeded)
        {
            if (created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            {
                ModelState.AddModelError(nameof(Email), "An account with this email already exists. Sign in, or reset its password.");
                return Page();
            }

            AddErrors(created);
            return Page();
        }

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        await mailer.SendConfirmationAsync(Email, Link("/ConfirmEmail", user.Id, token), cancellationToken);
        Sent = true;
        Notice = $"We sent a confirmation link to {Email}. Open it to activate your account.";
        return Page();
    }
}
