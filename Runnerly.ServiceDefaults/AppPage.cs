using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A short page in the web's look, for a service that answers a browser itself (a link from an email or a calendar, Strava's
/// callback, an error). Served through the gateway on the web's own site, so the web's style sheet and icon are at
/// <c>/app.css</c> and <c>/favicon.svg</c> (inline styles are refused by the content security policy).
/// </summary>
public static class AppPage
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>A page of one message (plain text) and the ways on from it.</summary>
    public static ContentHttpResult Result(int status, string title, string message, params IEnumerable<PageLink> links) =>
        WithMarkup(status, title, Text(message) + Actions(links));

    /// <summary>
    /// A page whose <paramref name="bodyHtml"/> is markup, written as it is (build it with <see cref="Text"/> and
    /// <see cref="Actions"/>, or encode what it quotes): a name of its own, so a message is never taken for markup.
    /// </summary>
    public static ContentHttpResult WithMarkup(int status, string title, string bodyHtml) =>
        TypedResults.Content(Html(title, bodyHtml), ContentType, statusCode: status);

    public static string Html(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{WebUtility.HtmlEncode(title)} — Runnerly</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/app.css">
        </head>
        <body>
        <header class="top"><a class="brand" href="/"><img src="/favicon.svg" alt="" width="28" height="28">Runnerly</a></header>
        <main class="narrow">
        <section class="card">
        <h1>{WebUtility.HtmlEncode(title)}</h1>
        {body}
        </section>
        </main>
        </body>
        </html>
        """;

    /// <summary>A paragraph of plain text.</summary>
    public static string Text(string text) => $"<p>{WebUtility.HtmlEncode(text)}</p>";

    /// <summary>A list of plain-text items; nothing when there are none.</summary>
    public static string List(IEnumerable<string> items) =>
        items.Select(item => $"<li>{WebUtility.HtmlEncode(item)}</li>").ToList() is { Count: > 0 } entries ? $"<ul>{string.Concat(entries)}</ul>" : "";

    /// <summary>The ways on, as buttons: the first is the main one.</summary>
    public static string Actions(IEnumerable<PageLink> links) => $"""<p class="actions">{string.Join(" ", links.Select((link, index) =>
        $"""<a class="button{(index == 0 ? "" : " secondary")}" href="{WebUtility.HtmlEncode(link.Href)}">{WebUtility.HtmlEncode(link.Text)}</a>"""))}</p>""";
}

/// <summary>A way on from a page: the button's words and where it leads.</summary>
public readonly record struct PageLink(string Text, string Href);
