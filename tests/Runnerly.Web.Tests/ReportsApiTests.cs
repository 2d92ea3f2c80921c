using System.Net;
using Runnerly.Web.Apis;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Tests;

/// <summary>The reports service's answers, as its JSON comes.</summary>
public sealed class ReportsApiTests
{
    internal const string ChartPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

    internal const string NovemberJson = $$$"""
        {"year":2026,"month":11,"kind":"full","subject":"Your November 2026 in running: 46.1 km in 4 runs","sentAt":"2026-12-01T07:00:03.12+00:00",
         "isPartialMonth":false,
         "html":"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Your November</title>\n</head>\n<body><p style=\"color: #1b1f24;\">46.1 km</p><img src=\"cid:monthly-chart@runnerly\" alt=\"Week 1: 12.0 km\"><a href=\"http://runnerly.test/dashboard\">Open your dashboard</a></body></html>",
         "text":"Your November 2026 in running\n\nDistance: 46.1 km\n",
         "chartPng":"{{{ChartPng}}}",
         "figures":{"units":"km","timeZone":"Europe/Paris","thisMonth":{"runs":4,"distanceMeters":46100} }}
        """;

    internal const string NothingToReportJson = """
        {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Nothing to report yet","status":404,"detail":"No runs this month nor in the 3 months before."}
        """;

    [Fact]
    public async Task The_list_reads_the_service_s_page_and_asks_for_older_ones_with_its_cursor()
    {
        var asked = new List<string>();
        var api = new ReportsApi(StubApi.Client(request =>
        {
            asked.Add(request.RequestUri!.PathAndQuery);
            return StubApi.JsonText("""
                {"items":[{"year":2026,"month":11,"kind":"full","subject":"Your November 2026 in running: 46.1 km in 4 runs","sentAt":"2026-12-01T07:00:03Z","runs":4,"distanceMeters":46100},
                          {"year":2026,"month":10,"kind":"nudge","subject":"No runs in October: ready for November?","sentAt":"2026-11-01T07:00:01Z","runs":0,"distanceMeters":0}],
                 "next":"2026-10"}
                """);
        }));

        var first = await api.ReportsAsync(null, default);
        await api.ReportsAsync(first.Next, default);

        Assert.Equal(["/api/reports?limit=12", "/api/reports?limit=12&before=2026-10"], asked);
        Assert.Equal("2026-10", first.Next);
        Assert.Equal(new ReportSummary(2026, 11, "full", "Your November 2026 in running: 46.1 km in 4 runs", DateTimeOffset.Parse("2026-12-01T07:00:03Z"), 4, 46_100),
            first.Items[0]);
        Assert.Equal(("nudge", 0), (first.Items[1].Kind, first.Items[1].Runs));
    }

    [Fact]
    public async Task A_report_comes_as_sent_and_its_frame_shows_the_chart_from_a_data_url_with_links_leaving_the_frame()
    {
        var api = new ReportsApi(StubApi.Client(request => request.RequestUri!.AbsolutePath == "/api/reports/2026/11"
            ? StubApi.JsonText(NovemberJson)
            : new HttpResponseMessage(HttpStatusCode.NotFound)));

        var report = await api.ReportAsync(2026, 11, default);
        var framed = ReportEmailApi.FramedHtml(report!);

        Assert.Equal(("Your November 2026 in running: 46.1 km in 4 runs", false), (report!.Subject, report.IsPartialMonth));
        Assert.Equal("Your November 2026 in running\n\nDistance: 46.1 km\n", report.Text);
        Assert.DoesNotContain("cid:", framed);
        Assert.Contains($"<img src=\"data:image/png;base64,{ChartPng}\" alt=\"Week 1: 12.0 km\">", framed);
        Assert.Contains("<head><base target=\"_blank\">\n<meta charset=\"utf-8\">", framed);
        // Nothing else of what was sent changes.
        Assert.Equal(report.Html, framed.Replace("<base target=\"_blank\">", "").Replace($"data:image/png;base64,{ChartPng}", "cid:monthly-chart@runnerly"));
        Assert.Null(await api.ReportAsync(2026, 10, default));
    }

    [Fact]
    public void A_nudge_without_a_chart_is_framed_as_it_is()
    {
        var nudge = new ReportDocument(2026, 10, "nudge", "No runs in October", DateTimeOffset.UtcNow, false, "<html><head></head><body>No runs</body></html>", "No runs", null);

        Assert.Equal("<html><head><base target=\"_blank\"></head><body>No runs</body></html>", ReportEmailApi.FramedHtml(nudge));
    }

    [Fact]
    public async Task Nothing_to_report_yet_is_no_preview_rather_than_an_error()
    {
        var api = new ReportsApi(StubApi.Client(request => request.RequestUri!.AbsolutePath == "/api/reports/preview"
            ? StubApi.Problem(NothingToReportJson, HttpStatusCode.NotFound)
            : throw new InvalidOperationException(request.RequestUri.ToString())));

        Assert.Null(await api.PreviewAsync(default));
    }

    [Fact]
    public async Task Reports_down_or_failing_is_a_failure_the_pages_put_in_words()
    {
        var down = new ReportsApi(StubApi.Down());
        var failing = new ReportsApi(StubApi.Client(_ => StubApi.Problem("""{"title":"An error occurred while processing your request.","status":500}""",
            HttpStatusCode.InternalServerError)));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => down.ReportsAsync(null, default));
        var error = await Assert.ThrowsAsync<ApiException>(() => failing.PreviewAsync(default));

        Assert.True(ApiProblem.IsShownToRunner(refused));
        Assert.True(ApiProblem.IsShownToRunner(error));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
    }
}
