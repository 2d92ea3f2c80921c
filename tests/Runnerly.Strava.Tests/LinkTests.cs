using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Runnerly.Strava.Tests;

public sealed class LinkTests : IAsyncLifetime
{
    private readonly StravaSimulator _strava = new();
    private readonly StravaServiceFactory _service;

    public LinkTests() => _service = new StravaServiceFactory(_strava);

    public Task InitializeAsync() => _service.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _strava.DisposeAsync();
    }

    [Fact]
    public async Task A_runner_links_their_strava_account_and_the_tokens_are_stored_encrypted()
    {
        await _service.CreateReadyClientAsync();
        var (authorizeUrl, binding) = await _service.StartLinkAsync("runner-a");

        var callback = await _strava.AnswerAuthorizePageAsync(authorizeUrl, 1001, ["read", "activity:read_all"]);
        using var linked = await _service.Browser(binding).GetAsync(callback.PathAndQuery);

        Assert.StartsWith(StravaServiceFactory.CallbackUrl, callback.ToString());
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Equal("/settings", linked.Headers.Location!.ToString());
        var status = await _service.RunnerClient("runner-a").GetFromJsonAsync<JsonElement>("/api/strava/status");
        Assert.True(status.GetProperty("connected").GetBoolean());
        Assert.Equal(1001, status.GetProperty("athleteId").GetInt64());
        Assert.Equal(_strava.AthleteName(1001), status.GetProperty("athleteName").GetString());
        Assert.False(status.GetProperty("backfillComplete").GetBoolean());

        await using var db = new NpgsqlConnection(_service.DatabaseConnectionString);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT \"AccessToken\", \"RefreshToken\" FROM strava_links WHERE \"RunnerId\" = 'runner-a'", db);
        await using var row = await query.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.StartsWith("CfDJ8", row.GetString(0)); // a Data Protection payload, not Strava's 40-hex token
        Assert.StartsWith("CfDJ8", row.GetString(1));
    }

    [Fact]
    public async Task The_athletes_name_is_kept_as_a_display_string_without_control_characters_and_at_most_100_characters_long()
    {
        await _service.CreateReadyClientAsync();
        // Strava passes names through as athletes typed them.
        _service.Strava.RewritingAnswers = (request, json) => request.RequestUri!.AbsolutePath != "/oauth/token" ? json
            : Regex.Replace(Regex.Replace(json, "\"firstname\":\"[^\"]*\"", "\"firstname\":\" Ada\\u0007\\u0000 \""),
                "\"lastname\":\"[^\"]*\"", $"\"lastname\":\"{new string('x', 95)}\U0001F3C3 and more\"");

        await _service.LinkAsync("runner-n", 1004);

        var status = await _service.RunnerClient("runner-n").GetFromJsonAsync<JsonElement>("/api/strava/status");
        Assert.Equal($"Ada {new string('x', 95)}", status.GetProperty("athleteName").GetString()); // the runner emoji would have been cut in two
        var notLinked = await _service.RunnerClient("runner-o").GetFromJsonAsync<JsonElement>("/api/strava/status");
        Assert.Equal(JsonValueKind.Null, notLinked.GetProperty("athleteName").ValueKind);
    }

    [Fact]
    public async Task Of_two_loads_of_one_callback_at_the_same_moment_the_second_finds_it_used()
    {
        await _service.CreateReadyClientAsync();
        var (authorizeUrl, binding) = await _service.StartLinkAsync("runner-t");
        var callback = await _strava.AnswerAuthorizePageAsync(authorizeUrl, 1010, ["read", "activity:read_all"]);
        var state = System.Web.HttpUtility.ParseQueryString(callback.Query)["state"]!;

        // The first load has taken the link request, not yet committed, when the second takes it.
        using var second = await _service.Database.SecondOfTwoWritersAsync("""UPDATE link_requests SET "UsedAt" = now() WHERE "State" = @state""",
            new Dictionary<string, object> { ["state"] = state }, () => _service.Browser(binding).GetAsync(callback.PathAndQuery));

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("expired or was already used", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_link_removed_while_its_renewal_comes_back_from_strava_gets_a_page_not_a_500()
    {
        await _service.CreateReadyClientAsync();
        await _service.LinkAsync("runner-u", 1011);
        var (authorizeUrl, binding) = await _service.StartLinkAsync("runner-u"); // connecting again, to renew the grant
        var callback = await _strava.AnswerAuthorizePageAsync(authorizeUrl, 1011, ["read", "activity:read_all"]);

        // The disconnection has removed the link, not yet committed, when the renewal saves it.
        using var renewed = await _service.Database.SecondOfTwoWritersAsync("""DELETE FROM strava_links WHERE "RunnerId" = 'runner-u'""",
            new Dictionary<string, object>(), () => _service.Browser(binding).GetAsync(callback.PathAndQuery));

        Assert.Equal(HttpStatusCode.Conflict, renewed.StatusCode);
        Assert.Contains("connected or disconnected at the same moment", System.Net.WebUtility.HtmlDecode(await renewed.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_state_used_once_is_refused_the_second_time()
    {
        await _service.CreateReadyClientAsync();
        var (authorizeUrl, binding) = await _service.StartLinkAsync("runner-b");
        var callback = await _strava.AnswerAuthorizePageAsync(authorizeUrl, 1002, ["read", "activity:read_all"]);
        (await _service.Browser(binding).GetAsync(callback.PathAndQuery)).Dispose();

        using var replayed = await _service.Browser(binding).GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains("expired or was already used", await replayed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_link_started_by_another_runner_is_refused_and_nothing_is_linked()
    {
        await _service.CreateReadyClientAsync();
        var (attackerUrl, _) = await _service.StartLinkAsync("attacker");
        var (_, victimBinding) = await _service.StartLinkAsync("victim");
        var callback = await _strava.AnswerAuthorizePageAsync(attackerUrl, 1003, ["read", "activity:read_all"]);

        using var inVictimsBrowser = await _service.Browser(victimBinding).GetAsync(callback.PathAndQuery);
        using var withoutCookie = await _service.Browser(null).GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, inVictimsBrowser.StatusCode);
        Assert.Contains("another browser or account", await inVictimsBrowser.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, withoutCookie.StatusCode);
        foreach (var runner in new[] { "attacker", "victim" })
        {
            var status = await _service.RunnerClient(runner).GetFromJsonAsync<JsonElement>("/api/strava/status");
            Assert.False(status.GetProperty("connected").GetBoolean());
        }
    }

    [Fact]
    public async Task Without_activity_access_the_runner_is_told_why_and_nothing_is_linked()
    {
        await _service.CreateReadyClientAsync();
        var (authorizeUrl, binding) = await _service.StartLinkAsync("runner-c");
        var callback = await _strava.AnswerAuthorizePageAsync(authorizeUrl, 1004, ["read"]);

        using var page = await _service.Browser(binding).GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("needs to see your activities", await page.Content.ReadAsStringAsync());
        Assert.False((await _service.RunnerClient("runner-c").GetFromJsonAsync<JsonElement>("/api/strava/status")).GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task Cancelling_on_strava_links_nothing()
    {
        await _service.CreateReadyClientAsync();
        var (authorizeUrl, binding) = await _service.StartLinkAsync("runner-d");
        var callback = await _strava.AnswerAuthorizePageAsync(authorizeUrl, 1005, ["read", "activity:read_all"], approve: false);

        using var page = await _service.Browser(binding).GetAsync(callback.PathAndQuery);

        Assert.Contains("Strava was not connected", await page.Content.ReadAsStringAsync());
        Assert.False((await _service.RunnerClient("runner-d").GetFromJsonAsync<JsonElement>("/api/strava/status")).GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task A_strava_account_linked_to_one_runner_cannot_be_linked_to_another()
    {
        await _service.CreateReadyClientAsync();
        foreach (var (runner, expected) in new[] { ("first-owner", HttpStatusCode.Redirect), ("second-owner", HttpStatusCode.Conflict) })
        {
            var (authorizeUrl, binding) = await _service.StartLinkAsync(runner);
            var callback = await _strava.AnswerAuthorizePageAsync(authorizeUrl, 1006, ["read", "activity:read_all"]);
            using var answer = await _service.Browser(binding).GetAsync(callback.PathAndQuery);
            Assert.Equal(expected, answer.StatusCode);
        }
    }

    [Fact]
    public async Task Deleting_a_runner_revokes_their_strava_grant_and_forgets_the_link_once_and_for_all()
    {
        await _service.CreateReadyClientAsync();
        var (authorizeUrl, binding) = await _service.StartLinkAsync("leaving-runner");
        var callback = await _strava.AnswerAuthorizePageAsync(authorizeUrl, 1007, ["read", "activity:read_all"]);
        (await _service.Browser(binding).GetAsync(callback.PathAndQuery)).Dispose();
        Assert.True(_strava.HasGrant(1007));
        using var identity = _service.CreateClient();
        identity.DefaultRequestHeaders.Authorization = new("Bearer", _service.Tokens.Service("identity-worker", "strava", "runners.delete"));

        using var runnerToken = _service.RunnerClient("leaving-runner");
        using var forbidden = await runnerToken.DeleteAsync("/api/runners/leaving-runner");
        using var deleted = await identity.DeleteAsync("/api/runners/leaving-runner");
        using var again = await identity.DeleteAsync("/api/runners/leaving-runner");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.False((await runnerToken.GetFromJsonAsync<JsonElement>("/api/strava/status")).GetProperty("connected").GetBoolean());
        Assert.False(_strava.HasGrant(1007));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint_with_a_tag_and_a_summary()
    {
        using var client = await _service.CreateReadyClientAsync();

        var paths = (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        var operations = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value)))
            .ToDictionary(o => o.Name, o => o.Value);
        Assert.Equal(
            ["DELETE /api/runners/{runnerId}", "DELETE /api/strava/link", "GET /api/strava/status", "GET /strava/callback", "GET /strava/webhook",
                "POST /api/strava/link", "POST /strava/webhook"],
            operations.Keys.Order(StringComparer.Ordinal));
        Assert.All(operations.Values, operation =>
        {
            Assert.NotEmpty(operation.GetProperty("tags").EnumerateArray());
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        });
    }

    [Fact]
    public async Task Starting_a_link_needs_a_signed_in_runner()
    {
        using var anonymous = await _service.CreateReadyClientAsync();

        using var response = await anonymous.PostAsync("/api/strava/link", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
