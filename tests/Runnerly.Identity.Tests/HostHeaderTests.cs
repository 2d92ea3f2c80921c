using System.Net;
using Microsoft.AspNetCore.Http;

namespace Runnerly.Identity.Tests;

/// <summary>
/// A client picks the Host header (and, through a proxy, X-Forwarded-Host): no redirect identity
/// answers may send a runner to the host it names.
/// </summary>
public sealed class HostHeaderTests(IdentityServiceFactory factory) : IClassFixture<IdentityServiceFactory>
{
    private const string Evil = "evil.example";

    public static TheoryData<string, string> ForgedHosts => new()
    {
        { "Host", Evil },
        { "Host", $"{Evil}:8443" },
        { "X-Forwarded-Host", Evil },
    };

    [Theory]
    [MemberData(nameof(ForgedHosts))]
    public async Task Redirects_never_lead_to_the_host_a_client_names(string header, string value)
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        var authorize = "/connect/authorize" + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = "web",
            ["response_type"] = "code",
            ["redirect_uri"] = IdentityServiceFactory.WebRedirectUri,
            ["scope"] = "openid api",
            ["code_challenge"] = TokenClient.NewPkce().Challenge,
            ["code_challenge_method"] = "S256",
        });

        var locations = new List<string>();
        foreach (var path in new[] { "/identity/account", authorize, "/connect/logout" })
        {
            locations.Add(await LocationAsync(browser, HttpMethod.Get, path, header, value));
        }

        // Signed in: the sign-in form's own redirect, then the authorization request's answer to the web.
        using var signIn = await browser.SignInAsync(email, Runners.GoodPassword, returnUrl: authorize);
        locations.Add(signIn.Headers.Location!.OriginalString);
        locations.Add(await LocationAsync(browser, HttpMethod.Get, authorize, header, value));

        Assert.All(locations, location =>
        {
            Assert.DoesNotContain(Evil, location, StringComparison.OrdinalIgnoreCase);
            Assert.True(location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal)
                || location.StartsWith(IdentityServiceFactory.Issuer, StringComparison.Ordinal), location);
        });
        Assert.Contains(locations, location => location.StartsWith("/identity/sign-in?ReturnUrl=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Emailed_links_start_with_the_public_URL_whatever_Host_the_request_named()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        browser.DefaultRequestHeaders.Host = Evil;

        using var forgot = await browser.SubmitAsync("/identity/forgot-password", new Dictionary<string, string> { ["Email"] = email });

        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        var link = Forms.FirstLink(await factory.Mail.WaitForMessageAsync(email, "Reset your Runnerly password"));
        Assert.StartsWith(IdentityServiceFactory.Issuer + "identity/reset-password?", link);
    }

    private static async Task<string> LocationAsync(HttpClient browser, HttpMethod method, string path, string header, string value)
    {
        using var request = new HttpRequestMessage(method, path);
        if (header == "Host")
        {
            request.Headers.Host = value;
        }
        else
        {
            request.Headers.Add(header, value);
        }

        using var response = await browser.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{path}: {(int)response.StatusCode}");
        return response.Headers.Location!.OriginalString;
    }
}
