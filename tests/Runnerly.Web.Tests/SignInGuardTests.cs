using System.Net;
using Runnerly.Web.Apis;

namespace Runnerly.Web.Tests;

public sealed class SignInGuardTests
{
    [Theory]
    [InlineData("/dashboard", "/dashboard")]
    [InlineData("/runs/2026/11?x=1", "/runs/2026/11?x=1")]
    [InlineData("//evil.example", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("/\t/evil.example", null)]
    [InlineData("https://evil.example/", null)]
    [InlineData("", null)]
    public void After_sign_in_a_runner_returns_only_to_a_page_of_this_site(string returnUrl, string? expected) =>
        Assert.Equal(expected, SignInApi.LocalOnly(returnUrl));

    [Fact]
    public async Task A_post_without_the_form_s_antiforgery_token_is_refused_with_a_page_saying_the_form_expired()
    {
        await using var web = WebHost.Start();
        using var browser = web.Browser();

        using var response = await browser.PostAsync("/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("This form has expired", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_out_visit_to_the_dashboard_goes_to_sign_in_and_comes_back()
    {
        await using var web = WebHost.Start();
        using var browser = web.Browser();

        using var response = await browser.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(WebHost.PublicUrl + "/connect/authorize?", response.Headers.Location!.AbsoluteUri);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(WebHost.PublicUrl + "/signin-oidc"), response.Headers.Location.Query);
    }

    [Theory]
    [InlineData("/dashboard/strava-status")]
    [InlineData("/dashboard/changes")]
    public async Task The_dashboard_s_own_requests_get_a_401_the_page_s_script_stops_on(string path)
    {
        await using var web = WebHost.Start();
        using var browser = web.Browser();

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_callback_that_cannot_complete_signs_in_again_and_a_second_failure_says_why()
    {
        await using var web = WebHost.Start();
        using var browser = web.Browser();

        // A sign-in page left open until its correlation cookie expired comes back with a state this browser cannot match.
        using var first = await browser.GetAsync("/signin-oidc?code=abc&state=left-open-too-long");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fdashboard", first.Headers.Location!.OriginalString);

        using var second = await browser.GetAsync("/signin-oidc?code=abc&state=left-open-too-long");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.StartsWith("/signin-failed", second.Headers.Location!.OriginalString);
        using var page = await browser.GetAsync(second.Headers.Location);
        Assert.Contains("Signing in did not work", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_address_answers_a_page_with_a_way_on()
    {
        await using var web = WebHost.Start();
        using var browser = web.Browser();

        using var response = await browser.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is no page here", page);
        Assert.Contains("href=\"/\"", page);
    }
}
