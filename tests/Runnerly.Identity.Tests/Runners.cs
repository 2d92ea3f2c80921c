using System.Net;

namespace Runnerly.Identity.Tests;

/// <summary>Account steps several tests share, done through the pages as a runner does them.</summary>
internal static class Runners
{
    public const string GoodPassword = "correct horse battery staple";

    public static string NewEmail() => $"runner-{Guid.NewGuid():N}@example.test";

    public static Task<HttpResponseMessage> SignUpAsync(this HttpClient browser, string email, string password) =>
        browser.SubmitAsync("/identity/sign-up", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient browser, string email, string password, string? returnUrl = null) =>
        browser.SubmitAsync(returnUrl is null ? "/identity/sign-in" : $"/identity/sign-in?ReturnUrl={Uri.EscapeDataString(returnUrl)}",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["ReturnUrl"] = returnUrl ?? "" });

    /// <summary>Signs up, opens the emailed link, and returns the confirmed runner's email.</summary>
    public static async Task<string> ConfirmedRunnerAsync(this IdentityServiceFactory factory, HttpClient browser, string password = GoodPassword)
    {
        var email = NewEmail();
        using var signUp = await browser.SignUpAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);

        var mail = await factory.Mail.WaitForMessageAsync(email, "Confirm your Runnerly account");
        using var confirm = await browser.GetAsync(Forms.PathAndQuery(Forms.FirstLink(mail)));
        Assert.Contains("Your email is confirmed", await confirm.TextAsync());
        return email;
    }
}
