using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Identity.Accounts;

namespace Runnerly.Identity.Pages;

public sealed class SignOutModel(SignInManager<IdentityUser> signIn) : AccountPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect(AccountPaths.SignIn + "?signedOut=true");
    }
}
