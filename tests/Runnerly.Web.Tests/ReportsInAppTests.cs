using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runnerly.Web.Apis;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Tests;

/// <summary>The reports pages in the app in memory, for a signed-in runner: status codes, headers and the layout around them.</summary>
public sealed class ReportsInAppTests
{
    [Fact]
    public async Task The_email_is_served_with_a_policy_of_its_own_its_styles_and_chart_and_nothing_else()
    {
        await using var web = SignedIn(ReportsAnswering(request => request.RequestUri!.AbsolutePath == "/api/reports/2026/11"
            ? StubApi.JsonText(ReportsApiTests.NovemberJson)
            : new HttpResponseMessage(HttpStatusCode.NotFound)));
        using var browser = web.Browser();

        using var response = await browser.GetAsync("/reports/2026/11/email");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ReportEmailApi.EmailPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'self'", ReportEmailApi.EmailPolicy);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true });
        var email = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<img src=\"data:image/png;base64,{ReportsApiTests.ChartPng}\"", email);
        Assert.DoesNotContain("cid:", email);
    }

    [Fact]
    public async Task A_month_without_a_report_answers_404_with_the_app_s_page_around_it()
    {
        await using var web = SignedIn(ReportsAnswering(_ => new HttpResponseMessage(HttpStatusCode.NotFound)));
        using var browser = web.Browser();

        using var response = await browser.GetAsync("/reports/2026/10");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>No report for October 2026</h1>", page);
        Assert.Contains("<nav aria-label=\"Main\"", page);
        Assert.Contains("<a class=\"button secondary\" href=\"/reports\">Your reports</a>", page);
    }

    [Fact]
    public async Task Reports_down_leaves_the_layout_and_a_sentence_and_the_nav_leads_to_reports()
    {
        await using var web = SignedIn(new ReportsApi(StubApi.Down()));
        using var browser = web.Browser();

        using var list = await browser.GetAsync("/reports");
        using var email = await browser.GetAsync("/reports/preview/email");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var page = await list.Content.ReadAsStringAsync();
        Assert.Contains("Your reports cannot be shown just now. Please try again in a moment.", page);
        Assert.Contains("<a href=\"/reports\" class=\"active\" aria-current=\"page\">Reports</a>", page);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, email.StatusCode);
        Assert.Contains("This report cannot be shown just now.", await email.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_email_of_a_signed_out_visitor_goes_to_sign_in()
    {
        await using var web = WebHost.Start();
        using var browser = web.Browser();

        using var response = await browser.GetAsync("/reports/2026/11/email");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(WebHost.PublicUrl + "/connect/authorize?", response.Headers.Location!.AbsoluteUri);
    }

    private static ReportsApi ReportsAnswering(Func<HttpRequestMessage, HttpResponseMessage> answer) => new(StubApi.Client(answer));

    /// <summary>The app with a runner signed in and the reports and data services answering from stubs.</summary>
    private static WebApplicationFactory<Program> SignedIn(ReportsApi reports) => WebHost.SignedIn(services =>
    {
        services.AddTransient(_ => reports);
        services.AddTransient(_ => new DataApi(StubApi.Client(_ => StubApi.Json(new Profile(null, null, null, null, null, null, "km", "Europe/Paris", 4, false)))));
    });
}
