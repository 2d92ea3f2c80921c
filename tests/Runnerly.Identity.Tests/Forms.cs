using System.Net;
using Runnerly.Testing;

namespace Runnerly.Identity.Tests;

/// <summary>Fills in server-rendered forms as a browser without JavaScript does: antiforgery token included.</summary>
internal static class Forms
{
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient browser, string page, IDictionary<string, string> fields, string? action = null)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = HtmlForms.AntiforgeryToken(await browser.GetStringAsync(page)) };
        return await browser.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    public static async Task<string> TextAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public static string FirstLink(string text) => HtmlForms.FirstLink(text).AbsoluteUri;

    public static string PathAndQuery(string url) => new Uri(url).PathAndQuery;
}
