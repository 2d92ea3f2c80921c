using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Runnerly.Testing;

namespace Runnerly.Identity.Tests;

/// <summary>
/// Identity's pages, OAuth endpoints and API walked with what no field can hold — NUL, other control
/// characters, half of a surrogate pair, overlong text — and with broken bodies: never a 5xx; a
/// page says what was wrong on the page, an OAuth endpoint answers <c>invalid_request</c>, the API a
/// ProblemDetails naming the field.
/// </summary>
public sealed class BadInputTests(IdentityServiceFactory factory) : IClassFixture<IdentityServiceFactory>
{
    /// <summary>
    /// Percent-encoded, as a client puts them in a query or a form body. Half of a surrogate pair sent as
    /// (CESU) UTF-8 is read as U+FFFD or left encoded, never as a lone surrogate: it is sent anyway.
    /// </summary>
    private static readonly string[] Unreadable = ["%00", "a%00b", "%07", "%ED%A0%80", "x%ED%B0%80"];

    private static readonly string[] Junk = [.. Unreadable, "", "%FF", "%", "%ZZ", new string('x', 5_000), Uri.EscapeDataString(new string('é', 20_000))];

    private static readonly (string Page, string? Handler, string[] Fields)[] AnonymousForms =
    [
        ("/identity/sign-up", null, ["Email", "Password"]),
        ("/identity/sign-in", null, ["Email", "Password", "ReturnUrl"]),
        ("/identity/resend-confirmation", null, ["Email"]),
        ("/identity/forgot-password", null, ["Email"]),
        ("/identity/reset-password", null, ["UserId", "Code", "Password"]),
        ("/identity/sign-out", null, []),
    ];

    private static readonly (string Page, string? Handler, string[] Fields)[] AccountForms =
    [
        ("/identity/account", "ChangePassword", ["CurrentPassword", "NewPassword"]),
        ("/identity/account", "ChangeEmail", ["NewEmail"]),
        ("/identity/account", "Delete", ["DeletePassword"]),
    ];

    private static readonly (string Path, string[] Parameters)[] PageQueries =
    [
        ("/identity/confirm-email", ["userId", "code"]),
        ("/identity/confirm-email-change", ["userId", "email", "code"]),
        ("/identity/reset-password", ["userId", "code"]),
        ("/identity/resend-confirmation", ["email"]),
        ("/identity/sign-in", ["ReturnUrl", "signedOut", "deleted"]),
        ("/identity/sign-up", ["x"]),
        ("/identity/forgot-password", ["x"]),
    ];

    private static readonly Dictionary<string, string> TokenRequest = new()
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = "mobile",
        ["code"] = "some-code",
        ["redirect_uri"] = "runnerly://signed-in",
        ["code_verifier"] = new string('v', 43),
        ["refresh_token"] = "some-refresh-token",
        ["client_secret"] = "secret",
        ["scope"] = "openid api",
    };

    private static readonly Dictionary<string, string> AuthorizeRequest = new()
    {
        ["client_id"] = "mobile",
        ["response_type"] = "code",
        ["redirect_uri"] = "runnerly://signed-in",
        ["scope"] = "openid api",
        ["state"] = "state-1",
        ["nonce"] = "nonce-1",
        ["code_challenge"] = TokenClient.NewPkce().Challenge,
        ["code_challenge_method"] = "S256",
        ["prompt"] = "login",
    };

    private static readonly Dictionary<string, string> LogoutRequest = new()
    {
        ["id_token_hint"] = "not.a.token",
        ["post_logout_redirect_uri"] = "http://localhost/signed-out",
        ["state"] = "state-1",
        ["client_id"] = "web",
    };

    [Fact]
    public async Task No_junk_in_any_page_form_reaches_a_server_error()
    {
        using var anonymous = await factory.CreateBrowserAsync();
        using var signedIn = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(signedIn);
        (await signedIn.SignInAsync(email, Runners.GoodPassword)).Dispose();

        var failures = new List<string>();
        foreach (var (browser, forms) in new[] { (anonymous, AnonymousForms), (signedIn, AccountForms) })
        {
            foreach (var (page, handler, fields) in forms)
            {
                var token = Uri.EscapeDataString(HtmlForms.AntiforgeryToken(await browser.GetStringAsync(page)));
                var action = handler is null ? page : $"{page}?handler={handler}";
                var valid = fields.ToDictionary(f => f, f => f.Contains("Email", StringComparison.Ordinal) ? Uri.EscapeDataString(Runners.NewEmail()) : "some%20value");
                foreach (var field in fields.Append("__unexpected"))
                {
                    foreach (var junk in Junk)
                    {
                        var body = string.Join('&', valid.Where(v => v.Key != field).Select(v => $"{v.Key}={v.Value}")
                            .Append($"{field}={junk}").Append($"__RequestVerificationToken={token}"));
                        failures.AddRange(await ServerErrorAsync(browser, HttpMethod.Post, action, body, "application/x-www-form-urlencoded", $"{field}={Short(junk)}"));
                    }
                }

                foreach (var (what, body, contentType) in BrokenBodies(token))
                {
                    failures.AddRange(await ServerErrorAsync(browser, HttpMethod.Post, action, body, contentType, what));
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task No_junk_in_a_page_query_reaches_a_server_error()
    {
        using var browser = await factory.CreateBrowserAsync();
        var failures = new List<string>();
        foreach (var (path, parameters) in PageQueries)
        {
            foreach (var parameter in parameters)
            {
                foreach (var junk in Junk)
                {
                    var others = parameters.Where(p => p != parameter).Select(p => $"{p}=abc");
                    var url = $"{path}?{string.Join('&', others.Append($"{parameter}={junk}"))}";
                    failures.AddRange(await ServerErrorAsync(browser, HttpMethod.Get, url, null, null, $"{parameter}={Short(junk)}"));
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task No_junk_in_an_OAuth_request_reaches_a_server_error()
    {
        using var browser = await factory.CreateBrowserAsync();
        var failures = new List<string>();
        var grants = new[] { "authorization_code", "refresh_token", "client_credentials" };
        foreach (var grant in grants)
        {
            var request = new Dictionary<string, string>(TokenRequest) { ["grant_type"] = grant };
            if (grant == "client_credentials")
            {
                request["client_id"] = "strava-worker";
            }

            failures.AddRange(await WalkFormAsync(browser, "/connect/token", request, asQuery: false));
        }

        failures.AddRange(await WalkFormAsync(browser, "/connect/authorize", AuthorizeRequest, asQuery: true));
        failures.AddRange(await WalkFormAsync(browser, "/connect/authorize", AuthorizeRequest, asQuery: false));
        failures.AddRange(await WalkFormAsync(browser, "/connect/logout", LogoutRequest, asQuery: true));
        failures.AddRange(await WalkFormAsync(browser, "/connect/logout", LogoutRequest, asQuery: false));
        failures.AddRange(await WalkFormAsync(browser, "/connect/userinfo", new() { ["access_token"] = "abc" }, asQuery: false));
        foreach (var path in new[] { "/connect/token", "/connect/authorize", "/connect/logout" })
        {
            foreach (var (what, body, contentType) in BrokenBodies(token: ""))
            {
                failures.AddRange(await ServerErrorAsync(browser, HttpMethod.Post, path, body, contentType, what));
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("code")]
    [InlineData("refresh_token")]
    [InlineData("redirect_uri")]
    [InlineData("code_verifier")]
    public async Task NUL_or_a_control_character_in_a_token_request_is_an_OAuth_invalid_request_naming_the_parameter(string parameter)
    {
        using var client = await factory.CreateBrowserAsync();
        foreach (var junk in new[] { "a%00b", "%1B[31m" })
        {
            var body = string.Join('&', TokenRequest.Select(p => $"{p.Key}={(p.Key == parameter ? junk : Uri.EscapeDataString(p.Value))}"));
            using var response = await client.PostAsync("/connect/token", Content(body, "application/x-www-form-urlencoded"));
            var error = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_request", error.GetProperty("error").GetString());
            Assert.Contains($"'{parameter}'", error.GetProperty("error_description").GetString());
        }
    }

    [Fact]
    public async Task NUL_in_an_authorization_request_is_an_OAuth_invalid_request()
    {
        using var browser = await factory.CreateBrowserAsync();
        var query = string.Join('&', AuthorizeRequest.Select(p => $"{p.Key}={(p.Key == "client_id" ? "mobile%00" : Uri.EscapeDataString(p.Value))}"));

        using var response = await browser.GetAsync($"/connect/authorize?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        Assert.Contains("'client_id'", error.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task NUL_in_a_form_field_comes_back_as_the_form_saying_what_was_wrong()
    {
        using var browser = await factory.CreateBrowserAsync();
        var token = Uri.EscapeDataString(HtmlForms.AntiforgeryToken(await browser.GetStringAsync("/identity/sign-in")));

        using var response = await browser.PostAsync("/identity/sign-in",
            Content($"Email=runner%00@example.test&Password=whatever%20it%20is&__RequestVerificationToken={token}", "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var text = await response.TextAsync();
        Assert.Contains("Email", text);
        Assert.Contains("cannot be read", text);
        Assert.Contains("<form method=\"post\"", text);
        Assert.DoesNotContain(">Enter your email address.<", text); // the emptied field is not said to be missing
    }

    [Theory]
    [InlineData("/identity/confirm-email?userId=a%00b&code=abc", "userId")]
    [InlineData("/identity/confirm-email?userId=abc&code=%07", "code")]
    [InlineData("/identity/reset-password?userId=%00&code=abc", "userId")]
    public async Task NUL_in_a_link_comes_back_as_the_page_saying_what_was_wrong(string url, string field)
    {
        using var browser = await factory.CreateBrowserAsync();

        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var text = await response.TextAsync();
        Assert.Contains($"'{field}'", text);
        Assert.Contains("cannot be read", text);
    }

    [Fact]
    public async Task NUL_in_the_accounts_API_is_a_ProblemDetails_naming_the_parameter()
    {
        using var client = await factory.CreateBrowserAsync();
        var (_, body) = await client.ClientCredentialsAsync("reports-worker", IdentityServiceFactory.Secrets["reports-worker"], "accounts.read");
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("access_token").GetString());

        using var response = await client.GetAsync($"/api/accounts/{Guid.NewGuid()}?fields=a%00b");
        using var overlong = await client.GetAsync($"/api/accounts/{new string('x', 5_000)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("fields", out _));
        Assert.Equal(HttpStatusCode.NotFound, overlong.StatusCode);
    }

    private static async Task<List<string>> WalkFormAsync(HttpClient client, string path, Dictionary<string, string> valid, bool asQuery)
    {
        var failures = new List<string>();
        foreach (var field in valid.Keys.Append("unexpected"))
        {
            foreach (var junk in Junk)
            {
                var fields = string.Join('&', valid.Where(v => v.Key != field).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value)}").Append($"{field}={junk}"));
                failures.AddRange(asQuery
                    ? await ServerErrorAsync(client, HttpMethod.Get, $"{path}?{fields}", null, null, $"query {field}={Short(junk)}")
                    : await ServerErrorAsync(client, HttpMethod.Post, path, fields, "application/x-www-form-urlencoded", $"form {field}={Short(junk)}"));
            }
        }

        return failures;
    }

    /// <summary>Bodies no form parser can read as they are, each with the antiforgery token where there is room for it.</summary>
    private static IEnumerable<(string What, object Body, string? ContentType)> BrokenBodies(string token)
    {
        const string form = "application/x-www-form-urlencoded";
        yield return ("empty body", "", form);
        yield return ("no content type", $"Email=a&__RequestVerificationToken={token}", null);
        yield return ("=&&=%", $"=&&=%&__RequestVerificationToken={token}", form);
        yield return ("invalid UTF-8", (byte[])[.. Encoding.ASCII.GetBytes("Email="), 0xFF, 0xFE, 0xC0, .. Encoding.ASCII.GetBytes($"&__RequestVerificationToken={token}")], form);
        yield return ("unknown charset", $"Email=a&__RequestVerificationToken={token}", $"{form}; charset=klingon");
        yield return ("JSON", "{\"Email\":\"a\\u0000b\"}", "application/json");
        yield return ("text", "Email=a", "text/plain");
        yield return ("a value over the form's limit", $"Email={new string('x', 4 * 1024 * 1024 + 1)}&__RequestVerificationToken={token}", form);
        yield return ("ten thousand fields", string.Join('&', Enumerable.Range(0, 10_000).Select(i => $"f{i}=1")), form);
        yield return ("multipart without a boundary", "--b\r\n", "multipart/form-data");
        yield return ("multipart cut off", $"--b\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{Uri.UnescapeDataString(token)}\r\n--b\r\nContent-Disposition: form-data; name=\"Email\"\r\n\r\nrunner@exa", "multipart/form-data; boundary=b");
        yield return ("multipart with raw NUL and half a surrogate pair",
            (byte[])[.. Encoding.UTF8.GetBytes($"--b\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{Uri.UnescapeDataString(token)}\r\n--b\r\nContent-Disposition: form-data; name=\"Email\"\r\n\r\na"), 0x00, 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes("@example.test\r\n--b--\r\n")],
            "multipart/form-data; boundary=b");
        yield return ("multipart with a file", $"--b\r\nContent-Disposition: form-data; name=\"Email\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--b--\r\n", "multipart/form-data; boundary=b");
    }

    private static async Task<IEnumerable<string>> ServerErrorAsync(HttpClient client, HttpMethod method, string url, object? body, string? contentType, string what)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = Content(body, contentType);
        }

        try
        {
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode >= 500
                ? [$"{method} {url.Split('?')[0]} [{what}]: {(int)response.StatusCode} {Short(await response.Content.ReadAsStringAsync(), 200)}"]
                : [];
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            return [$"{method} {url.Split('?')[0]} [{what}]: the service failed: {e.GetBaseException().Message}"];
        }
    }

    private static ByteArrayContent Content(object body, string? contentType)
    {
        var content = new ByteArrayContent(body is byte[] bytes ? bytes : Encoding.UTF8.GetBytes((string)body));
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static string Short(string text, int length = 20) => text.Length > length ? $"{text[..length]}…({text.Length})" : text;
}
