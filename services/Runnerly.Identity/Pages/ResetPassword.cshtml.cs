using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Runnerly.Identity.Pages;

public sealed class ResetPasswordModel(UserManager<IdentityUser> users) : AccountPageModel
{
    [BindProperty(SupportsGet = true), Required]
    public string UserId { get; set; } = "";

    [BindProperty(SupportsGet = true), Required]
    public string Code { get; set; } = "";

    [BindProperty, Required(ErrorMessage = FormMessages.NewPasswordTooShort), DataType(DataType.Password), StringLength(256, MinimumLength = 8, ErrorMessage = FormMessages.NewPasswordTooShort)]
    public string Password { get; set; } = "";

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Code))
        {
            // Hidden fields: said as the link being wrong, not as fields the runner cannot see.
            ModelState.AddModelError(string.Empty, InvalidLink);
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByIdAsync(UserId);
        var token = Decode(Code);
        if (user is null || token is null)
        {
            ModelState.AddModelError(string.Empty, InvalidLink);
            return Page();
        }

        // Resetting changes the security stamp, so the link works once.
        var result = await users.ResetPasswordAsync(user, token, Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == "InvalidToken"))
            {
                ModelState.AddModelError(string.Empty, InvalidLink);
            }
            else
            {
                AddErrors(result);
            }

            return Page();
        }

        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        Done = true;
        Notice = "Your password is changed. Sign in with the new one.";
        return Page();
    }

    private const string InvalidLink = "This reset link has expired or was already used. Ask for a new one.";
}
