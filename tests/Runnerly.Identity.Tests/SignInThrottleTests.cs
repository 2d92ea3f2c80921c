using System.Net;
using Runnerly.Identity.Accounts;

namespace Runnerly.Identity.Tests;

/// <summary>Wrong passwords slow down the one guessing, from where they guess; nobody can lock a runner out.</summary>
public sealed class SignInThrottleTests(ClockedIdentityServiceFactory factory) : IClassFixture<ClockedIdentityServiceFactory>
{
    private const string Refused = "Email or password is incorrect.";
    private const string Stranger = "203.0.113.66";
    private const string RunnersNetwork = "198.51.100.7";

    [Fact]
    public async Task A_stranger_guessing_from_elsewhere_cannot_lock_the_runner_out()
    {
        using var runner = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(runner);
        using var stranger = await factory.CreateBrowserAsync();

        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var guess = await SignInFromAsync(stranger, Stranger, email, $"guess number {attempt}");
            Assert.True(guess.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests);
        }

        using var signIn = await SignInFromAsync(runner, RunnersNetwork, email, Runners.GoodPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_past_the_first_few_make_each_next_attempt_wait_longer()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        for (var attempt = 0; attempt < SignInThrottle.FreeFailures; attempt++)
        {
            using var wrong = await SignInFromAsync(browser, Stranger, email, "not the password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains(Refused, await wrong.TextAsync());
        }

        foreach (var seconds in new[] { 1, 2, 4, 8 })
        {
            (await SignInFromAsync(browser, Stranger, email, "not the password")).Dispose();

            // Even the right password waits: a guess during the wait is not checked.
            using var early = await SignInFromAsync(browser, Stranger, email, Runners.GoodPassword);
            Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(seconds), early.Headers.RetryAfter?.Delta);
            Assert.Contains($"Try again in {seconds} second", await early.TextAsync());
            Assert.Contains("<form method=\"post\"", await early.TextAsync());

            factory.Clock!.Advance(TimeSpan.FromSeconds(seconds));
        }

        using var signIn = await SignInFromAsync(browser, Stranger, email, Runners.GoodPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // Signed in: the count starts again.
        using var next = await SignInFromAsync(browser, Stranger, email, "not the password");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_is_slowed_down_exactly_as_a_registered_one()
    {
        using var browser = await factory.CreateBrowserAsync();
        var registered = await factory.ConfirmedRunnerAsync(browser);
        var unknown = Runners.NewEmail();

        var answers = new List<(HttpStatusCode, TimeSpan?)>[2];
        foreach (var (email, index) in new[] { (registered, 0), (unknown, 1) })
        {
            answers[index] = [];
            for (var attempt = 0; attempt < SignInThrottle.FreeFailures + 2; attempt++)
            {
                using var response = await SignInFromAsync(browser, Stranger, email, "not the password");
                answers[index].Add((response.StatusCode, response.Headers.RetryAfter?.Delta));
            }
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[1][^1].Item1);
    }

    [Fact]
    public void The_delays_double_up_to_fifteen_minutes()
    {
        Assert.Equal(TimeSpan.Zero, SignInThrottle.DelayAfter(SignInThrottle.FreeFailures));
        Assert.Equal(TimeSpan.FromSeconds(1), SignInThrottle.DelayAfter(SignInThrottle.FreeFailures + 1));
        Assert.Equal(TimeSpan.FromSeconds(64), SignInThrottle.DelayAfter(SignInThrottle.FreeFailures + 7));
        Assert.Equal(TimeSpan.FromMinutes(15), SignInThrottle.DelayAfter(1_000));
    }

    private static async Task<HttpResponseMessage> SignInFromAsync(HttpClient browser, string address, string email, string password)
    {
        browser.DefaultRequestHeaders.Remove("X-Forwarded-For");
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return await browser.SignInAsync(email, password);
    }
}
