using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Web.Clients;
using Runnerly.Web.Components.Pages;
using Runnerly.Web.Formatting;

namespace Runnerly.Web.Tests;

public sealed class ReportPagesTests : IDisposable
{
    private readonly BunitContext _context = new();

    private const string TwoReports = """
        {"items":[{"year":2026,"month":11,"kind":"full","subject":"Your November 2026 in running: 28.6 mi in 4 runs","sentAt":"2026-12-01T16:00:03Z","runs":4,"distanceMeters":46100},
                  {"year":2026,"month":10,"kind":"nudge","subject":"No runs in October: ready for November?","sentAt":"2026-11-01T15:00:01Z","runs":0,"distanceMeters":0}],
         "next":"2026-10"}
        """;

    [Fact]
    public void The_list_shows_each_month_with_its_runs_and_distance_in_the_runner_s_units_and_loads_older_ones()
    {
        Serve(reports: request => StubApi.JsonText(TwoReports), units: "mi", timeZone: "America/Los_Angeles");

        var page = _context.Render<Reports>();

        var items = page.FindAll(".report-item");
        Assert.Equal(["/reports/2026/11", "/reports/2026/10"], items.Select(i => i.QuerySelector("h2 a")!.GetAttribute("href")));
        Assert.Equal(["November 2026", "October 2026"], items.Select(i => i.QuerySelector("h2")!.TextContent));
        Assert.Equal("Your November 2026 in running: 28.6 mi in 4 runs", items[0].QuerySelector(".report-subject")!.TextContent);
        Assert.Equal("4 runs · 28.6 mi · Sent on 1 Dec 2026", items[0].QuerySelector(".change")!.TextContent);
        Assert.Equal("No runs · Sent on 1 Nov 2026", items[1].QuerySelector(".change")!.TextContent);
        Assert.Equal("/reports?before=2026-10", page.Find("a.button.secondary").GetAttribute("href"));
        Assert.Equal("Load older", page.Find("a.button.secondary").TextContent);
        Assert.Equal("/reports/preview", page.Find("a[href='/reports/preview']").GetAttribute("href"));
        Assert.NotEmpty(page.FindAll("a[href='/settings#monthly-report']"));
    }

    [Fact]
    public void An_older_page_asks_with_the_cursor_and_leads_back_to_the_latest()
    {
        string? asked = null;
        Serve(reports: request =>
        {
            asked = request.RequestUri!.Query;
            return StubApi.JsonText("""{"items":[{"year":2025,"month":12,"kind":"full","subject":"Your December 2025","sentAt":"2026-01-01T07:00:00Z","runs":1,"distanceMeters":5000}],"next":null}""");
        });
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo("/reports?before=2026-01");

        var page = _context.Render<Reports>();

        Assert.Equal("?limit=12&before=2026-01", asked);
        Assert.Equal("1 run · 5.0 km · Sent on 1 Jan 2026", page.Find(".report-item .change").TextContent);
        Assert.Equal(["/reports"], page.FindAll("a.button.secondary").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void Without_reports_the_page_says_when_the_first_comes_and_where_to_turn_it_off()
    {
        Serve(reports: _ => StubApi.JsonText("""{"items":[],"next":null}"""), timeZone: "Pacific/Kiritimati");
        var firstDay = ReportFormat.NextReportDay(ReportFormat.Today(DateTimeOffset.UtcNow, "Pacific/Kiritimati"));

        var page = _context.Render<Reports>();

        var empty = page.Find("[data-no-reports]");
        Assert.Contains($"Your first one comes by email on {firstDay}", empty.TextContent);
        Assert.Contains("You can turn the monthly email off in Settings.", empty.TextContent);
        Assert.Equal("/settings#monthly-report", empty.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(page.FindAll(".report-list"));
    }

    [Fact]
    public void Without_reports_and_with_the_email_turned_off_the_page_says_where_to_turn_it_on()
    {
        Serve(reports: _ => StubApi.JsonText("""{"items":[],"next":null}"""), optedOut: true);

        var page = _context.Render<Reports>();

        Assert.Contains("the monthly email is turned off. Turn it on in Settings", page.Find("[data-no-reports]").TextContent);
    }

    [Fact]
    public void Reports_down_is_a_sentence_not_a_broken_page()
    {
        _context.Services.AddSingleton(new ReportsApi(StubApi.Down()));
        _context.Services.AddSingleton(ProfileApi());

        var page = _context.Render<Reports>();

        Assert.Equal("Your reports cannot be shown just now. Please try again in a moment.", page.Find(".problem").TextContent);
        Assert.Equal("/reports/preview", page.Find("a.button").GetAttribute("href"));
    }

    [Fact]
    public void A_report_shows_the_email_as_sent_in_a_frame_without_scripts_and_as_plain_text()
    {
        Serve(reports: request => request.RequestUri!.AbsolutePath == "/api/reports/2026/11"
            ? StubApi.JsonText(ReportsApiTests.NovemberJson)
            : new HttpResponseMessage(HttpStatusCode.NotFound));

        var page = _context.Render<ReportView>(parameters => parameters.Add(p => p.Year, 2026).Add(p => p.Month, 11));

        Assert.Equal("November 2026", page.Find("h1").TextContent);
        Assert.Equal("/reports", page.Find(".back a").GetAttribute("href"));
        var frame = page.Find("iframe.report-email");
        Assert.Equal("/reports/2026/11/email", frame.GetAttribute("src"));
        Assert.DoesNotContain("allow-scripts", frame.GetAttribute("sandbox"));
        Assert.Equal("The email: Your November 2026 in running: 46.1 km in 4 runs", frame.GetAttribute("title"));
        Assert.Equal("View as plain text", page.Find("details.plain-text summary").TextContent);
        Assert.Equal("Your November 2026 in running\n\nDistance: 46.1 km\n", page.Find("details.plain-text pre").TextContent);
        Assert.Contains("Sent on 1 Dec 2026 · exactly as it was sent", page.Markup);
    }

    [Fact]
    public void A_month_without_a_report_answers_404_and_shows_no_frame()
    {
        Serve(reports: _ => new HttpResponseMessage(HttpStatusCode.NotFound));
        var http = new DefaultHttpContext();

        var page = _context.Render<ReportView>(parameters => parameters.Add(p => p.Year, 2026).Add(p => p.Month, 10).AddCascadingValue(http));

        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        Assert.Empty(page.FindAll("iframe"));
    }

    [Fact]
    public void The_preview_says_it_is_one_and_that_nothing_is_sent()
    {
        Serve(reports: request => request.RequestUri!.AbsolutePath == "/api/reports/preview"
            ? StubApi.JsonText(ReportsApiTests.NovemberJson.Replace("\"sentAt\":\"2026-12-01T07:00:03.12+00:00\"", "\"sentAt\":null")
                .Replace("\"isPartialMonth\":false", "\"isPartialMonth\":true"))
            : new HttpResponseMessage(HttpStatusCode.NotFound));

        var page = _context.Render<ReportPreview>();

        Assert.StartsWith("A preview, composed just now: nothing is sent. This month's", page.Find(".preview-note").TextContent.Trim());
        Assert.Contains("This month's report comes by email on 1 ", page.Find(".preview-note").TextContent);
        Assert.Equal("/reports/preview/email", page.Find("iframe.report-email").GetAttribute("src"));
        Assert.Empty(page.FindAll("[data-nothing-yet]"));
    }

    [Fact]
    public void A_preview_with_nothing_to_report_says_so()
    {
        Serve(reports: _ => StubApi.Problem(ReportsApiTests.NothingToReportJson, HttpStatusCode.NotFound));

        var page = _context.Render<ReportPreview>();

        Assert.Contains("Nothing to report yet", page.Find("[data-nothing-yet]").TextContent);
        Assert.Empty(page.FindAll("iframe"));
        Assert.Empty(page.FindAll(".problem"));
    }

    [Fact]
    public void The_preview_with_reports_down_says_so()
    {
        _context.Services.AddSingleton(new ReportsApi(StubApi.Down()));
        _context.Services.AddSingleton(ProfileApi());

        var page = _context.Render<ReportPreview>();

        Assert.Equal("The preview cannot be shown just now. Please try again in a moment.", page.Find(".problem").TextContent);
        Assert.Empty(page.FindAll("iframe"));
    }

    [Fact]
    public void Months_and_totals_read_as_the_list_shows_them()
    {
        Assert.Equal("1 January", ReportFormat.NextReportDay(new DateOnly(2026, 12, 31)));
        Assert.Equal("1 December", ReportFormat.NextReportDay(new DateOnly(2026, 11, 1)));
        // 16:00 UTC on 30 November is already 1 December in Kiritimati (UTC+14).
        Assert.Equal(new DateOnly(2026, 12, 1), ReportFormat.Today(DateTimeOffset.Parse("2026-11-30T16:00:00Z"), "Pacific/Kiritimati"));
        Assert.Equal(new DateOnly(2026, 11, 30), ReportFormat.Today(DateTimeOffset.Parse("2026-11-30T16:00:00Z"), "Nowhere/Unknown"));
        Assert.Equal("300 runs · 2,991 km", ReportFormat.Totals(new ReportSummary(2026, 11, "full", "", DateTimeOffset.UtcNow, 300, 2_990_900), "km"));
    }

    private void Serve(Func<HttpRequestMessage, HttpResponseMessage> reports, string units = "km", string timeZone = "Europe/Paris", bool optedOut = false)
    {
        _context.Services.AddSingleton(new ReportsApi(StubApi.Client(reports)));
        _context.Services.AddSingleton(ProfileApi(units, timeZone, optedOut));
    }

    private static DataApi ProfileApi(string units = "km", string timeZone = "Europe/Paris", bool optedOut = false) =>
        new(StubApi.Client(request => request.RequestUri!.AbsolutePath == "/api/profile"
            ? StubApi.Json(new Profile(null, null, null, null, null, null, units, timeZone, 4, optedOut))
            : new HttpResponseMessage(HttpStatusCode.NotFound)));

    public void Dispose() => _context.Dispose();
}
