using System.Net;
using System.Net.Http.Headers;
using Xunit;

namespace Runnerly.Testing;

/// <summary>Requests as a browser sends them (opening an address, posting a form), and what it must get back.</summary>
public static class BrowserPages
{
    /// <summary>The Accept header Chromium sends when it opens an address.</summary>
    public const string Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";

    public static HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null, string accept = Accept)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.Clear();
        foreach (var mediaType in accept.Split(','))
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(mediaType));
        }

        return request;
    }

    /// <summary>Asserts the answer is a page in the app's look (its style sheet, a way home) and returns its text, decoded.</summary>
    public static async Task<string> AssertAppPageAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(AppStyleSheet, html);
        Assert.Contains("<a class=\"brand\" href=\"/\">", html);
        return WebUtility.HtmlDecode(html);
    }

    /// <summary>How a page in the app's look links the web's style sheet.</summary>
    public const string AppStyleSheet = "<link rel=\"stylesheet\" href=\"/app.css\">";
}
