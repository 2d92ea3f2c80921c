using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Identity.Accounts;

namespace Runnerly.Identity.Pages;

public sealed class ResendConfirmationModel(UserManager<IdentityUser> users, IAccountMailer mailer) : AccountPageModel
{
    [BindProperty, Required(ErrorMessage = FormMessages.EmailMissing), EmailAddress(ErrorMessage = FormMessages.EmailInvalid)]
    public string Email { get; set; } = "";

    public void OnGet(string? email) => Email = email ?? "";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Email);
        if (user is { EmailConfirmed: false })
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            await mailer.SendConfirmationAsync(user.Email!, Link("/ConfirmEmail", user.Id, token), cancellationToken);
        }

        // The same answer whether or not the account exists: no account enumeration.
        Notice = $"If {Email} has an account waiting for confirmation, a new link is on its way.";
        return Page();
    }
}
