using System.Net;
using System.Text.RegularExpressions;

namespace Runnerly.Testing;

/// <summary>What a browser without JavaScript reads from a server-rendered page or an email.</summary>
public static partial class HtmlForms
{
    /// <summary>The antiforgery token a form carries in its hidden field.</summary>
    public static string AntiforgeryToken(string html) =>
        AntiforgeryField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The page has no antiforgery token.");

    /// <summary>The first http(s) link in a text, as in an account email.</summary>
    public static Uri FirstLink(string text) =>
        Link().Match(text) is { Success: true } match
            ? new Uri(match.Value)
            : throw new InvalidOperationException($"No link in: {text}");

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
