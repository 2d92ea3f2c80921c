using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Runnerly.Reports.Clients;
using Runnerly.Reports.Composition;

namespace Runnerly.Reports.Apis;

/// <summary>
/// One-click unsubscribe (RFC 8058), without signing in: the signed token in the link names the
/// runner. A POST turns the monthly email off; a GET only shows a page with the button, because
/// mail scanners and link previews fetch every link they see.
/// </summary>
internal static class UnsubscribeApi
{
    public static IEndpointRouteBuilder MapUnsubscribeApi(this IEndpointRouteBuilder app)
    {
        var unsubscribe = app.MapGroup("/reports/unsubscribe").WithTags("Unsubscribe").AllowAnonymous();
        unsubscribe.MapGet("/{token}", Confirm)
            .WithSummary("A page asking to confirm; it changes nothing.");
        unsubscribe.MapPost("/{token}", UnsubscribeAsync)
            .DisableAntiforgery()
            .WithSummary("Turns the runner's monthly report off (mail clients post List-Unsubscribe=One-Click here).");
        return app;
    }

    private static ContentHttpResult Confirm(string token, UnsubscribeTokens tokens)
    {
        if (tokens.Read(token) is null)
        {
            return Message(HttpStatusCode.NotFound, "This link does not work",
                "This unsubscribe link is not valid: it may have been cut or changed. Use the link from the email itself, or turn monthly reports off in your settings.");
        }

        return AppPage.WithMarkup(StatusCodes.Status200OK, "Unsubscribe from monthly reports?", $"""
            <p>You will no longer get the monthly email report of your running. Your runs and your account stay as they are, and you can turn the report back on in your settings at any time.</p>
            <form method="post" action="{WebUtility.HtmlEncode(ReportLinkBuilder.UnsubscribePath + token)}">
              <input type="hidden" name="List-Unsubscribe" value="One-Click">
              <button type="submit">Unsubscribe</button>
            </form>
            """);
    }

    private static async Task<ContentHttpResult> UnsubscribeAsync(string token, UnsubscribeTokens tokens, DataClient data, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var runnerId = tokens.Read(token);
        if (runnerId is null)
        {
            return Message(HttpStatusCode.NotFound, "This link does not work",
                "This unsubscribe link is not valid: nothing was changed. Turn monthly reports off in your settings instead.");
        }

        try
        {
            await data.OptOutAsync(runnerId, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            loggers.CreateLogger(typeof(UnsubscribeApi)).LogWarning("Unsubscribing runner {RunnerId} failed: {Error}", runnerId, ex.Message);
            return Message(HttpStatusCode.ServiceUnavailable, "Please try again",
                "We could not turn the monthly report off just now. Nothing was changed; please try again in a few minutes.");
        }

        loggers.CreateLogger(typeof(UnsubscribeApi)).LogInformation("Runner {RunnerId} unsubscribed from monthly reports by one-click link", runnerId);
        return Message(HttpStatusCode.OK, "You are unsubscribed",
            "You will no longer get the monthly report by email. You can turn it back on in your settings at any time.");
    }

    private static ContentHttpResult Message(HttpStatusCode status, string title, string message) =>
        AppPage.Result((int)status, title, message, new PageLink("Your settings", "/settings"));
}
