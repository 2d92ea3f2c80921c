using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Runnerly.Identity.Accounts;
using Runnerly.Identity.Infrastructure;

namespace Runnerly.Identity.Tests;

public sealed class AccountTests(IdentityServiceFactory factory) : IClassFixture<IdentityServiceFactory>
{
    private const string Refused = "Email or password is incorrect";

    [Fact]
    public async Task Sign_up_emails_a_link_that_activates_the_account_once()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = Runners.NewEmail();

        using var signUp = await browser.SignUpAsync(email, Runners.GoodPassword);
        Assert.Contains("We sent a confirmation link", await signUp.TextAsync());

        // Not confirmed yet: told why (only with the right password), offered a new link.
        using var early = await browser.SignInAsync(email, Runners.GoodPassword);
        var earlyText = await early.TextAsync();
        Assert.Contains("Confirm your email before signing in", earlyText);
        Assert.Contains("Send me a new confirmation link", earlyText);

        var mail = await factory.Mail.WaitForMessageAsync(email, "Confirm your Runnerly account");
        var link = Forms.PathAndQuery(Forms.FirstLink(mail));
        Assert.StartsWith("/identity/confirm-email?", link);

        using var first = await browser.GetAsync(link);
        var firstText = await first.TextAsync();
        Assert.Contains("Your email is confirmed", firstText);
        Assert.Contains("<a class=\"button\" href=\"/signin\">Sign in</a>", firstText); // the web's sign-in, which lands on the dashboard
        // Opened again (from the email, later): no error, the way on.
        using var second = await browser.GetAsync(link);
        var secondText = await second.TextAsync();
        Assert.Contains("already confirmed", secondText);
        Assert.Contains("href=\"/signin\">Sign in</a>", secondText);
        Assert.DoesNotContain("role=\"alert\"><ul>", secondText);

        // Signed in here directly, the runner goes into the app, not to the account settings.
        using var signIn = await browser.SignInAsync(email, Runners.GoodPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/dashboard", signIn.Headers.Location?.OriginalString);
        using var account = await browser.GetAsync("/identity/account");
        Assert.Contains(email, await account.TextAsync());
    }

    [Fact]
    public async Task A_tampered_confirmation_link_is_refused_with_a_way_forward()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = Runners.NewEmail();
        (await browser.SignUpAsync(email, Runners.GoodPassword)).Dispose();
        var link = Forms.PathAndQuery(Forms.FirstLink(await factory.Mail.WaitForMessageAsync(email, "Confirm")));

        using var tampered = await browser.GetAsync(link[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.OK, tampered.StatusCode);
        var text = await tampered.TextAsync();
        Assert.Contains("expired or is not valid", text);
        Assert.Contains("Send me a new link", text);
    }

    [Fact]
    public async Task Sign_in_answers_the_same_for_an_unknown_email_and_a_wrong_password()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);

        using var unknown = await browser.SignInAsync(Runners.NewEmail(), Runners.GoodPassword);
        using var wrong = await browser.SignInAsync(email, "not the password at all");

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains(Refused, await unknown.TextAsync());
        Assert.Contains(Refused, await wrong.TextAsync());
    }

    [Fact]
    public async Task A_reset_link_sets_a_new_password_once()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);

        using var forgot = await browser.SubmitAsync("/identity/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        Assert.Contains("a reset link is on its way", await forgot.TextAsync());
        var link = Forms.PathAndQuery(Forms.FirstLink(await factory.Mail.WaitForMessageAsync(email, "Reset your Runnerly password")));

        const string newPassword = "gravel loop before sunrise";
        var fields = ResetFields(link, newPassword);
        using var reset = await browser.SubmitAsync(link, fields, action: "/identity/reset-password");
        Assert.Contains("Your password is changed", await reset.TextAsync());

        using var again = await browser.SubmitAsync(link, ResetFields(link, "another fine long password"), action: "/identity/reset-password");
        Assert.Contains("expired or was already used", await again.TextAsync());

        using var oldPassword = await browser.SignInAsync(email, Runners.GoodPassword);
        Assert.Contains(Refused, await oldPassword.TextAsync());
        using var signIn = await browser.SignInAsync(email, newPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Reset_and_resend_give_the_same_answer_for_unknown_emails_and_send_nothing()
    {
        using var browser = await factory.CreateBrowserAsync();
        var unknown = Runners.NewEmail();

        using var forgot = await browser.SubmitAsync("/identity/forgot-password", new Dictionary<string, string> { ["Email"] = unknown });
        using var resend = await browser.SubmitAsync("/identity/resend-confirmation", new Dictionary<string, string> { ["Email"] = unknown });

        Assert.Contains("a reset link is on its way", await forgot.TextAsync());
        Assert.Contains("a new link is on its way", await resend.TextAsync());
        Assert.Equal(0, await factory.Mail.CountMessagesAsync(unknown));
    }

    [Theory]
    [InlineData("short", "at least 8 characters")]
    [InlineData("password123", "too common or too easy to guess")]
    [InlineData("12345678", "too common or too easy to guess")]
    [InlineData("aaaaaaaaaaaa", "too common or too easy to guess")]
    public async Task Weak_passwords_are_refused_with_a_reason(string password, string reason)
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = Runners.NewEmail();

        using var signUp = await browser.SignUpAsync(email, password);

        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
        Assert.Contains(reason, await signUp.TextAsync());
        Assert.Equal(0, await factory.Mail.CountMessagesAsync(email));
    }

    [Fact]
    public async Task A_long_passphrase_without_digits_or_symbols_is_accepted()
    {
        using var browser = await factory.CreateBrowserAsync();
        using var signUp = await browser.SignUpAsync(Runners.NewEmail(), "marathon pace feels easy today");
        Assert.Contains("We sent a confirmation link", await signUp.TextAsync());
    }

    [Fact]
    public async Task Signing_up_with_a_registered_email_answers_as_for_a_new_one_and_tells_the_owner_by_email()
    {
        using var browser = await factory.CreateBrowserAsync();
        var registered = await factory.ConfirmedRunnerAsync(browser);
        var unknown = Runners.NewEmail();

        using var again = await browser.SignUpAsync(registered, "a different long passphrase");
        using var fresh = await browser.SignUpAsync(unknown, "a different long passphrase");

        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(Comparable(await fresh.TextAsync(), unknown), Comparable(await again.TextAsync(), registered));
        var mail = await factory.Mail.WaitForMessageAsync(registered, "You already have a Runnerly account");
        Assert.Contains("tried to create a Runnerly account with this address", mail);
        Assert.Equal("http://localhost/signin", Forms.FirstLink(mail));
        Assert.Contains("http://localhost/identity/forgot-password", mail);
        await factory.Mail.WaitForMessageAsync(unknown, "Confirm your Runnerly account");
    }

    [Fact]
    public async Task Signing_up_again_before_confirming_sends_a_new_confirmation_link()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = Runners.NewEmail();
        (await browser.SignUpAsync(email, Runners.GoodPassword)).Dispose();
        await factory.Mail.WaitForMessageAsync(email, "Confirm your Runnerly account");

        using var again = await browser.SignUpAsync(email, "a different long passphrase");

        Assert.Contains("We sent a confirmation link", await again.TextAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await factory.Mail.CountMessagesAsync(email) < 2)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>A page as another visitor would get it: without the address it names and the per-visitor tokens.</summary>
    private static string Comparable(string page, string email) =>
        System.Text.RegularExpressions.Regex.Replace(page.Replace(email, "EMAIL", StringComparison.Ordinal), "value=\"[^\"]{40,}\"", "value=\"TOKEN\"");

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_rejected()
    {
        using var browser = await factory.CreateBrowserAsync();
        using var post = await browser.PostAsync("/identity/sign-up", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = Runners.NewEmail(),
            ["Password"] = Runners.GoodPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_refuses_a_common_one()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        (await browser.SignInAsync(email, Runners.GoodPassword)).Dispose();
        const string action = "/identity/account?handler=ChangePassword";

        using var wrongCurrent = await browser.SubmitAsync("/identity/account", new Dictionary<string, string> { ["CurrentPassword"] = "not it", ["NewPassword"] = "quiet trails at dawn" }, action);
        Assert.Contains("That is not your current password", await wrongCurrent.TextAsync());
        using var common = await browser.SubmitAsync("/identity/account", new Dictionary<string, string> { ["CurrentPassword"] = Runners.GoodPassword, ["NewPassword"] = "password1" }, action);
        Assert.Contains("too common or too easy to guess", await common.TextAsync());
        using var changed = await browser.SubmitAsync("/identity/account", new Dictionary<string, string> { ["CurrentPassword"] = Runners.GoodPassword, ["NewPassword"] = "quiet trails at dawn" }, action);
        Assert.Contains("Your password is changed", await changed.TextAsync());

        using var signOut = await browser.SubmitAsync("/identity/sign-out", new Dictionary<string, string>());
        Assert.Contains(Refused, await (await browser.SignInAsync(email, Runners.GoodPassword)).TextAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, "quiet trails at dawn")).StatusCode);
    }

    [Fact]
    public async Task Changing_email_takes_effect_once_the_new_address_is_confirmed()
    {
        using var browser = await factory.CreateBrowserAsync();
        var oldEmail = await factory.ConfirmedRunnerAsync(browser);
        (await browser.SignInAsync(oldEmail, Runners.GoodPassword)).Dispose();
        var newEmail = Runners.NewEmail();

        using var asked = await browser.SubmitAsync("/identity/account", new Dictionary<string, string> { ["NewEmail"] = newEmail }, action: "/identity/account?handler=ChangeEmail");
        Assert.Contains("We sent a confirmation link", await asked.TextAsync());

        // Nothing changes before the new address is confirmed.
        using var stillOld = await browser.GetAsync("/identity/account");
        Assert.Contains(oldEmail, await stillOld.TextAsync());

        var link = Forms.PathAndQuery(Forms.FirstLink(await factory.Mail.WaitForMessageAsync(newEmail, "Confirm your new Runnerly email")));
        using var confirmed = await browser.GetAsync(link);
        Assert.Contains("email is now", await confirmed.TextAsync());
        using var reused = await browser.GetAsync(link);
        Assert.Contains("expired or was already used", await reused.TextAsync());

        using var signOut = await browser.SubmitAsync("/identity/sign-out", new Dictionary<string, string>());
        using var withOld = await browser.SignInAsync(oldEmail, Runners.GoodPassword);
        Assert.Contains(Refused, await withOld.TextAsync());
        using var withNew = await browser.SignInAsync(newEmail, Runners.GoodPassword);
        Assert.Equal(HttpStatusCode.Redirect, withNew.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_account_deletes_the_runners_data_in_every_service_even_after_an_outage()
    {
        await using var data = await TestApi.StartAsync(factory, "data");
        // Down for longer than one call's own tries (the standard resilience handler: 1 + 3 retries, without waits in
        // tests): the first attempt meets 4 failures, the queued deletion's second attempt 2 more and then the service back.
        var triesPerAttempt = 1 + new HttpRetryStrategyOptions().MaxRetryAttempts;
        data.FailuresToCome = triesPerAttempt + 2;
        factory.RunnerDataServices = data.Handler;
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        (await browser.SignInAsync(email, Runners.GoodPassword)).Dispose();

        using var wrongPassword = await browser.SubmitAsync("/identity/account", new Dictionary<string, string> { ["DeletePassword"] = "not mine" }, action: "/identity/account?handler=Delete");
        Assert.Contains("your account is unchanged", await wrongPassword.TextAsync());

        using var deleted = await browser.SubmitAsync("/identity/account", new Dictionary<string, string> { ["DeletePassword"] = Runners.GoodPassword }, action: "/identity/account?handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        using var signIn = await browser.SignInAsync(email, Runners.GoodPassword);
        Assert.Contains(Refused, await signIn.TextAsync());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (data.DeletedRunners.IsEmpty)
        {
            await Task.Delay(200, timeout.Token);
        }

        Assert.Single(data.DeletedRunners);
        Assert.Equal(0, data.FailuresToCome);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        AccountDeletion queued;
        while ((queued = await db.AccountDeletions.AsNoTracking().SingleAsync(d => d.UserId == data.DeletedRunners.First(), timeout.Token)).FirstPassAt is null)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Equal(2, queued.Attempts);
        // Done once; once more when every access token issued before the deletion has expired.
        Assert.Null(queued.CompletedAt);
        Assert.Equal(queued.CreatedAt + TimeSpan.FromMinutes(15) + AccountDeletionWorker.SecondPassMargin, queued.NextAttemptAt);
    }

    [Fact]
    public async Task Each_account_form_checks_only_its_own_fields_in_plain_words()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        (await browser.SignInAsync(email, Runners.GoodPassword)).Dispose();

        using var wrongPassword = await browser.SubmitAsync("/identity/account", new Dictionary<string, string> { ["DeletePassword"] = "not mine" }, action: "/identity/account?handler=Delete");
        var deleteText = await wrongPassword.TextAsync();
        Assert.Contains("That is not your password; your account is unchanged.", deleteText);
        Assert.DoesNotContain("field is required", deleteText);
        Assert.Contains("<details class=\"confirm\" open=\"open\">", deleteText); // the refused form stays open, its reason beside it

        using var badEmail = await browser.SubmitAsync("/identity/account", new Dictionary<string, string> { ["NewEmail"] = "runner-at-example" }, action: "/identity/account?handler=ChangeEmail");
        var emailText = await badEmail.TextAsync();
        Assert.Contains("Enter your email address as name@example.com.", emailText);
        Assert.DoesNotContain("not a valid e-mail address", emailText);
        Assert.DoesNotContain("That is not your password", emailText);
        Assert.DoesNotContain("field is required", emailText);
    }

    [Fact]
    public async Task Sign_up_says_what_is_wrong_once_beside_the_field_in_plain_words()
    {
        using var browser = await factory.CreateBrowserAsync();

        using var signUp = await browser.SignUpAsync("runner-at-example", Runners.GoodPassword);

        var text = await signUp.TextAsync();
        Assert.Equal(1, CountOf(text, ">Enter your email address as name@example.com.<")); // shown once (the form's data-val attributes aside)
        Assert.DoesNotContain("not a valid e-mail address", text);
    }

    [Fact]
    public void Account_emails_carry_an_html_part_in_the_app_s_look_beside_the_plain_text()
    {
        const string link = "http://localhost/identity/confirm-email?userId=1&code=abc";
        var email = AccountEmails.Confirmation(link);

        var body = Assert.IsAssignableFrom<MimeKit.Multipart>(email.Body());
        Assert.Equal("alternative", body.ContentType.MediaSubtype);
        var parts = body.OfType<MimeKit.TextPart>().ToList();
        Assert.Equal(["plain", "html"], parts.Select(p => p.ContentType.MediaSubtype));
        Assert.Equal(link, Forms.FirstLink(parts[0].Text));
        Assert.Contains("href=\"http://localhost/identity/confirm-email?userId=1&amp;code=abc\"", parts[1].Text);
        Assert.Contains("background:#b4380b", parts[1].Text);
        Assert.Contains(">Confirm my email</a>", parts[1].Text);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static Dictionary<string, string> ResetFields(string link, string password)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        return new Dictionary<string, string> { ["UserId"] = query["userId"]!, ["Code"] = query["code"]!, ["Password"] = password };
    }
}
