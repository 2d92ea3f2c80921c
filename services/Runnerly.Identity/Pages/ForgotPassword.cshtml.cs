using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Identity.Accounts;

namespace Runnerly.Identity.Pages;

public sealed class ForgotPasswordModel(UserManager<IdentityUser> users, IAccountMailer mailer) : AccountPageModel
{
    [BindProperty, Required(ErrorMessage = FormMessages.EmailMissing), EmailAddress(ErrorMessage = FormMessages.EmailInvalid)]
    public string Email { get; set; } = "";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Email);
        if (user is { EmailConfirmed: true })
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            await mailer.SendPasswordResetAsync(user.Email!, Link("/ResetPassword", user.Id, token), cancellationToken);
        }

        // The same answer whether or not the account exists: no account enumeration.
        Notice = $"If {Email} has a Runnerly account, a reset link is on its way.";
        return Page();
    }
}
