namespace Runnerly.Identity.Pages;

/// <summary>What the forms say about a missing or malformed field, in plain words rather than the framework's ("The Email field is not a valid e-mail address").</summary>
internal static class FormMessages
{
    public const string EmailMissing = "Enter your email address.";
    public const string EmailInvalid = "Enter your email address as name@example.com.";
    public const string PasswordMissing = "Enter your password.";
    public const string NewPasswordTooShort = "Choose a password of at least 8 characters.";
}
