using System.Net;
using System.Text.RegularExpressions;

namespace Runnerly.Identity.Tests;

/// <summary>Fills in server-rendered forms as a browser without JavaScript does: antiforgery token included.</summary>
internal static partial class Forms
{
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient browser, string page, IDictionary<string, string> fields, string? action = null)
    {
        var html = await browser.GetStringAsync(page);
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"{page} has no antiforgery token");

        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await browser.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    public static async Task<string> TextAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public static string FirstLink(string text) => Link().Match(text) is { Success: true } match
        ? match.Value
        : throw new Xunit.Sdk.XunitException($"No link in: {text}");

    public static string PathAndQuery(string url) => new Uri(url).PathAndQuery;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
