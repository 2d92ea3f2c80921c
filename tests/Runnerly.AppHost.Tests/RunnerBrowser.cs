using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Runnerly.Testing;

namespace Runnerly.AppHost.Tests;

/// <summary>A runner's browser against the running app, through the gateway: cookies, forms with their antiforgery token, and the mailbox.</summary>
internal sealed class RunnerBrowser(DistributedApplication app) : IDisposable
{
    private readonly HttpClient _identity = new(new HttpClientHandler { CookieContainer = new(), AllowAutoRedirect = false })
    {
        BaseAddress = app.GetEndpoint("gateway", "http"),
    };

    private readonly HttpClient _mail = app.CreateHttpClient("mail", "http");

    public async Task<HttpResponseMessage> SubmitAsync(string page, Dictionary<string, string> fields, string? action = null, CancellationToken cancellationToken = default)
    {
        var form = await _identity.GetStringAsync(page, cancellationToken);
        fields["__RequestVerificationToken"] = HtmlForms.AntiforgeryToken(form);
        return await _identity.PostAsync(action ?? page, new FormUrlEncodedContent(fields), cancellationToken);
    }

    public Uri Address => _identity.BaseAddress!;

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, CancellationToken cancellationToken) => _identity.GetAsync(pathAndQuery, cancellationToken);

    /// <summary>Waits for an email to <paramref name="to"/> in the mail server and returns the first link in it.</summary>
    public async Task<Uri> LinkInEmailAsync(string to, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var page = JsonDocument.Parse(await _mail.GetStringAsync("/api/messages?pageSize=1000", cancellationToken));
            var message = page.RootElement.GetProperty("results").EnumerateArray()
                .FirstOrDefault(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), to, StringComparison.OrdinalIgnoreCase)));
            if (message.ValueKind != JsonValueKind.Undefined)
            {
                var text = await _mail.GetStringAsync($"/api/messages/{message.GetProperty("id").GetString()}/plaintext", cancellationToken);
                return HtmlForms.FirstLink(text);
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public void Dispose()
    {
        _identity.Dispose();
        _mail.Dispose();
    }
}
