using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Runnerly.Identity.Pages;

[Authorize]
public sealed class AccountModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) : AccountPageModel
{
    public string Email { get; private set; } = "";

    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Email = user.Email!;
        return Page();
    }

    public async Task<IActionResult> OnPostChangePasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Email = user.Email!;
        var result = await users.ChangePasswordAsync(user, CurrentPassword, NewPassword);
        if (!result.Succeeded)
        {
            AddErrors(result);
            return Page();
        }

        // A new security stamp signs out other sessions; keep this one.
        await signIn.RefreshSignInAsync(user);
        Notice = "Your password is changed.";
        return Page();
    }
}
