using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
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

    /// <summary>A new runner: signs up, confirms through the emailed link, signs in (the browser keeps the cookie).</summary>
    public async Task SignUpAndSignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string> { ["Email"] = email, ["Password"] = password };
        using var signUp = await SubmitAsync("/identity/sign-up", new(fields), cancellationToken: cancellationToken);
        signUp.EnsureSuccessStatusCode();
        var link = await LinkInEmailAsync(email, cancellationToken);
        using var confirm = await GetAsync(link.PathAndQuery, cancellationToken);
        confirm.EnsureSuccessStatusCode();
        using var signIn = await SubmitAsync("/identity/sign-in", new(fields), cancellationToken: cancellationToken);
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in answered {(int)signIn.StatusCode}.");
        }
    }

    /// <summary>The signed-in runner's access token, as the mobile app gets it: authorization code with PKCE.</summary>
    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        const string redirectUri = "runnerly://signed-in";
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var authorize = await _identity.GetAsync(
            $"/connect/authorize?client_id=mobile&response_type=code&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope=openid%20api&state=s" +
            $"&code_challenge={challenge}&code_challenge_method=S256", cancellationToken);
        var code = HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["code"]
            ?? throw new InvalidOperationException($"The authorization endpoint answered {(int)authorize.StatusCode} without a code.");
        using var token = await _identity.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = "mobile",
            ["code_verifier"] = verifier,
        }), cancellationToken);
        token.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await token.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Connect Strava through the API: strava-sim's authorize page answered as the athlete, then back through the gateway with the binding cookie.</summary>
    public static async Task LinkStravaAsync(HttpClient api, long athleteId, CancellationToken cancellationToken)
    {
        using var start = await api.PostAsync("/api/strava/link", null, cancellationToken);
        var link = await start.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var authorizeUrl = new Uri(link.GetProperty("authorizeUrl").GetString()!);
        var query = HttpUtility.ParseQueryString(authorizeUrl.Query);
        using var stravaSite = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorized = await stravaSite.PostAsync(authorizeUrl.GetLeftPart(UriPartial.Path), new FormUrlEncodedContent(
        [
            new("client_id", query["client_id"]!), new("redirect_uri", query["redirect_uri"]!), new("state", query["state"]!),
            new("athlete", athleteId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("action", "authorize"),
            new("scope", "read"), new("scope", "activity:read_all"),
        ]), cancellationToken);
        using var callback = new HttpRequestMessage(HttpMethod.Get, authorized.Headers.Location);
        callback.Headers.Add("Cookie", $"runnerly_strava_link={link.GetProperty("binding").GetString()}");
        using var linked = await stravaSite.SendAsync(callback, cancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Waits for an email to <paramref name="to"/> in the mail server and returns the first link in it.</summary>
    public async Task<Uri> LinkInEmailAsync(string to, CancellationToken cancellationToken) =>
        HtmlForms.FirstLink(await EmailPartAsync(to, "plaintext", cancellationToken));

    /// <summary>The HTML part of the first email to <paramref name="to"/>.</summary>
    public Task<string> HtmlOfEmailAsync(string to, CancellationToken cancellationToken) => EmailPartAsync(to, "html", cancellationToken);

    /// <summary>A part (<c>plaintext</c>, <c>html</c>) of the first email to <paramref name="to"/> whose subject holds <paramref name="subject"/>.</summary>
    public Task<string> EmailPartAsync(string to, string subject, string part, CancellationToken cancellationToken) =>
        EmailPartAsync(to, part, cancellationToken, subject);

    private async Task<string> EmailPartAsync(string to, string part, CancellationToken cancellationToken, string? subject = null)
    {
        while (true)
        {
            using var page = JsonDocument.Parse(await _mail.GetStringAsync("/api/messages?pageSize=1000", cancellationToken));
            var message = page.RootElement.GetProperty("results").EnumerateArray()
                .FirstOrDefault(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), to, StringComparison.OrdinalIgnoreCase))
                    && (subject is null || (m.GetProperty("subject").GetString() ?? "").Contains(subject, StringComparison.Ordinal)));
            if (message.ValueKind != JsonValueKind.Undefined)
            {
                return await _mail.GetStringAsync($"/api/messages/{message.GetProperty("id").GetString()}/{part}", cancellationToken);
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
