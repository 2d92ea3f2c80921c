using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Runnerly.StravaSimulator.Tests;

public sealed class OAuthTests : IAsyncLifetime
{
    private readonly SimulatorFactory _strava = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _strava.DisposeAsync();

    [Fact]
    public async Task The_authorize_page_lists_athletes_and_the_requested_scopes()
    {
        using var browser = _strava.CreateBrowser();

        var page = await browser.GetStringAsync(
            $"/oauth/authorize?client_id={SimulatorFactory.ClientId}&redirect_uri=http%3A%2F%2Fapp.test%2Fcb&response_type=code&scope=read,activity:read_all&state=x");

        Assert.Contains("""<option value="1001">""", page);
        Assert.Contains("""name="scope" value="activity:read_all" checked""", page);
        Assert.Contains("Authorize", page);
        Assert.Contains("Cancel", page);
    }

    [Theory]
    [InlineData("client_id=999&redirect_uri=http%3A%2F%2Fapp.test%2Fcb&response_type=code", "client_id")]
    [InlineData("client_id=12345&response_type=code", "redirect_uri")]
    [InlineData("client_id=12345&redirect_uri=http%3A%2F%2Fapp.test%2Fcb&response_type=token", "response_type")]
    public async Task A_bad_authorize_request_is_a_400_naming_the_field(string query, string field)
    {
        using var browser = _strava.CreateBrowser();

        using var response = await browser.GetAsync($"/oauth/authorize?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var fault = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, fault.RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Authorizing_redirects_with_the_state_a_code_and_the_granted_scopes()
    {
        var query = await _strava.AuthorizeAsync(1001, "read,activity:read_all,profile:read_all", "state-1", untick: ["profile:read_all"]);

        Assert.Equal("state-1", query["state"]);
        Assert.Equal("read,activity:read_all", query["scope"]);
        Assert.False(string.IsNullOrEmpty(query["code"]));
    }

    [Fact]
    public async Task Unticking_activity_access_grants_only_read_and_the_activities_then_refuse()
    {
        using var client = await _strava.AthleteClientAsync(1002, scope: "read");

        using var athlete = await client.GetAsync("/api/v3/athlete");
        using var activities = await client.GetAsync("/api/v3/athlete/activities");

        Assert.Equal(HttpStatusCode.OK, athlete.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, activities.StatusCode);
        Assert.Contains("activity:read_permission", await activities.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cancelling_redirects_with_access_denied()
    {
        var query = await _strava.AuthorizeAsync(1001, "read,activity:read_all", "state-2", approve: false);

        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("state-2", query["state"]);
        Assert.Null(query["code"]);
    }

    [Fact]
    public async Task A_code_exchanges_once_for_tokens_and_the_athlete()
    {
        var code = (await _strava.AuthorizeAsync(1003, "read,activity:read_all", "s"))["code"]!;

        var tokens = await _strava.ExchangeAsync(code);

        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(_strava.Clock.GetUtcNow().AddHours(6).ToUnixTimeSeconds(), tokens.GetProperty("expires_at").GetInt64());
        Assert.Equal(1003, tokens.GetProperty("athlete").GetProperty("id").GetInt64());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString()));
        using var browser = _strava.CreateBrowser();
        using var again = await browser.PostAsync("/oauth/token", Form(("client_id", SimulatorFactory.ClientId),
            ("client_secret", SimulatorFactory.ClientSecret), ("code", code), ("grant_type", "authorization_code")));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Access_tokens_expire_and_refresh_tokens_rotate()
    {
        var tokens = await _strava.ExchangeAsync((await _strava.AuthorizeAsync(1004, "read,activity:read_all", "s"))["code"]!);
        using var browser = _strava.CreateBrowser();

        _strava.Clock.Advance(TimeSpan.FromHours(6));
        using var expired = await Get(browser, "/api/v3/athlete", tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);

        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var refreshed = await browser.PostAsync("/oauth/token", Form(("client_id", SimulatorFactory.ClientId),
            ("client_secret", SimulatorFactory.ClientSecret), ("refresh_token", refresh), ("grant_type", "refresh_token")));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        using var newTokens = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        Assert.NotEqual(refresh, newTokens.RootElement.GetProperty("refresh_token").GetString());
        using var works = await Get(browser, "/api/v3/athlete", newTokens.RootElement.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);

        using var reused = await browser.PostAsync("/oauth/token", Form(("client_id", SimulatorFactory.ClientId),
            ("client_secret", SimulatorFactory.ClientSecret), ("refresh_token", refresh), ("grant_type", "refresh_token")));
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
    }

    [Fact]
    public async Task A_refresh_with_more_than_an_hour_left_keeps_the_access_token_and_rotates_the_refresh_token()
    {
        var tokens = await _strava.ExchangeAsync((await _strava.AuthorizeAsync(1008, "read,activity:read_all", "s"))["code"]!);
        using var browser = _strava.CreateBrowser();
        _strava.Clock.Advance(TimeSpan.FromHours(4));

        using var refreshed = await browser.PostAsync("/oauth/token", Form(("client_id", SimulatorFactory.ClientId),
            ("client_secret", SimulatorFactory.ClientSecret), ("refresh_token", tokens.GetProperty("refresh_token").GetString()!), ("grant_type", "refresh_token")));
        using var answer = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());

        Assert.Equal(tokens.GetProperty("access_token").GetString(), answer.RootElement.GetProperty("access_token").GetString());
        Assert.Equal(tokens.GetProperty("expires_at").GetInt64(), answer.RootElement.GetProperty("expires_at").GetInt64());
        Assert.Equal(2 * 3600, answer.RootElement.GetProperty("expires_in").GetInt64());
        Assert.NotEqual(tokens.GetProperty("refresh_token").GetString(), answer.RootElement.GetProperty("refresh_token").GetString());
    }

    [Fact]
    public async Task Deauthorizing_revokes_every_token_of_the_athlete()
    {
        var tokens = await _strava.ExchangeAsync((await _strava.AuthorizeAsync(1005, "read,activity:read_all", "s"))["code"]!);
        var access = tokens.GetProperty("access_token").GetString()!;
        using var browser = _strava.CreateBrowser();

        using var deauthorized = await browser.PostAsync("/oauth/deauthorize", Form(("access_token", access)));

        Assert.Equal(HttpStatusCode.OK, deauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(browser, "/api/v3/athlete", access)).StatusCode);
        using var refresh = await browser.PostAsync("/oauth/token", Form(("client_id", SimulatorFactory.ClientId),
            ("client_secret", SimulatorFactory.ClientSecret), ("refresh_token", tokens.GetProperty("refresh_token").GetString()!), ("grant_type", "refresh_token")));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
    }

    [Fact]
    public async Task Revoke_takes_the_client_credentials_in_basic_auth()
    {
        var tokens = await _strava.ExchangeAsync((await _strava.AuthorizeAsync(1006, "read,activity:read_all", "s"))["code"]!);
        var access = tokens.GetProperty("access_token").GetString()!;
        using var browser = _strava.CreateBrowser();

        using var anonymous = await browser.PostAsync("/oauth/revoke", Form(("token", access)));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var revoke = new HttpRequestMessage(HttpMethod.Post, "/oauth/revoke") { Content = Form(("token", access)) };
        revoke.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimulatorFactory.ClientId}:{SimulatorFactory.ClientSecret}")));
        using var revoked = await browser.SendAsync(revoke);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(browser, "/api/v3/athlete", access)).StatusCode);
    }

    private static Task<HttpResponseMessage> Get(HttpClient client, string path, string token) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } });

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
}
