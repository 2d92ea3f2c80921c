namespace Runnerly.Identity.Accounts;

/// <summary>The account pages, all under <c>/identity</c> so the gateway routes them here.</summary>
public static class AccountPaths
{
    public const string SignUp = "/identity/sign-up";
    public const string SignIn = "/identity/sign-in";
    public const string SignOut = "/identity/sign-out";
    public const string ResendConfirmation = "/identity/resend-confirmation";
    public const string PasswordForgotten = "/identity/forgot-password";
    public const string Account = "/identity/account";
}
