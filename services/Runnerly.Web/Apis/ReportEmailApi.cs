using System.Net;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Apis;

/// <summary>
/// A report's email as a document of its own, for the report pages' sandboxed frame. Not <c>srcdoc</c>: a
/// <c>srcdoc</c> frame inherits the page's content security policy, which forbids the inline styles an email is
/// made of, so the email would show unstyled. Here the email gets a policy of its own — its inline styles and the
/// chart as a data URL, no script, no requests, framed only by this site's pages — which browsers obey over the
/// gateway's <c>X-Frame-Options: DENY</c>.
/// </summary>
internal static class ReportEmailApi
{
    /// <summary>How the email refers to its chart, an inline attachment (emails cannot use data URLs; a page can).</summary>
    public const string ChartReference = "cid:monthly-chart@runnerly";

    public const string EmailPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public static IEndpointRouteBuilder MapReportEmailApi(this IEndpointRouteBuilder app)
    {
        var email = app.MapGroup("/reports").RequireAuthorization().ExcludeFromDescription();
        email.MapGet("/{year:int}/{month:int}/email", (int year, int month, ReportsApi reports, HttpContext http) =>
            ServeAsync(http, () => reports.ReportAsync(year, month, http.RequestAborted)));
        email.MapGet("/preview/email", (ReportsApi reports, HttpContext http) => ServeAsync(http, () => reports.PreviewAsync(http.RequestAborted)));
        return app;
    }

    /// <summary>
    /// The stored HTML with the chart as a data URL, and its links opened outside the frame: the site's pages refuse
    /// to be framed, so a link followed inside it would show the browser's refusal instead of the dashboard.
    /// </summary>
    public static string FramedHtml(ReportDocument report)
    {
        var html = report.ChartPng is { Length: > 0 } png ? report.Html.Replace(ChartReference, "data:image/png;base64," + png, StringComparison.Ordinal) : report.Html;
        var head = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        return head < 0 ? "<base target=\"_blank\">" + html : html.Insert(head + "<head>".Length, "<base target=\"_blank\">");
    }

    private static async Task<IResult> ServeAsync(HttpContext http, Func<Task<ReportDocument?>> read)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = EmailPolicy;
        headers.CacheControl = "private, no-store";
        try
        {
            return await read() is { } report
                ? Results.Content(FramedHtml(report), "text/html; charset=utf-8")
                : Message("There is no report for this month.", HttpStatusCode.NotFound);
        }
        catch (Exception e) when (ApiProblem.IsShownToRunner(e))
        {
            return Message("This report cannot be shown just now. Please try again in a moment.", HttpStatusCode.ServiceUnavailable);
        }
    }

    // A page of its own (with a content type, so the status-code pages leave it alone): the app's error page could not be framed.
    private static IResult Message(string text, HttpStatusCode status) => Results.Content(
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Runnerly</title></head><body><p style=\"font-family: sans-serif\">{text}</p></body></html>",
        "text/html; charset=utf-8", statusCode: (int)status);
}
