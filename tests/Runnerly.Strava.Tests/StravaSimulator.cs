extern alias simulator;

using System.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Runnerly.Strava.Clients;
using Runnerly.Testing;
using StackExchange.Redis;

namespace Runnerly.Strava.Tests;

/// <summary>
/// strava-sim in process on a clock the test moves, a Redis of the test's own for the budget,
/// and Strava clients configured against them, as the strava service configures its own.
/// </summary>
public sealed class StravaSimulator(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<simulator::Program>
{
    private const string ClientSecret = "test-client-secret";

    private readonly OwnRedisServer _redis = new();
    private readonly List<ConnectionMultiplexer> _connections = [];

    /// <summary>The Redis-protocol server that holds the shared budget, this test's alone.</summary>
    public string RedisConnectionString => _redis.ConnectionString;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 10, 5, 0, TimeSpan.Zero));

    internal StravaOptions Options => new()
    {
        AuthorizeUrl = new Uri(Server.BaseAddress, "/oauth/authorize"),
        TokenUrl = new Uri(Server.BaseAddress, "/oauth/token"),
        ApiBaseUrl = new Uri(Server.BaseAddress, "/api/v3/"),
        DeauthorizeUrl = new Uri(Server.BaseAddress, "/oauth/deauthorize"),
        RevokeUrl = new Uri(Server.BaseAddress, "/oauth/revoke"),
        ClientId = "12345",
        ClientSecret = ClientSecret,
    };

    /// <summary>A client as one replica of the strava service has it: its own connection to the shared budget.</summary>
    internal StravaClient CreateStravaClient(StravaOptions? options = null)
    {
        var redis = ConnectionMultiplexer.Connect(_redis.ConnectionString);
        _connections.Add(redis);
        return new StravaClient(CreateClient(), new StravaBudget(redis, Clock), Microsoft.Extensions.Options.Options.Create(options ?? Options));
    }

    /// <summary>An athlete grants read and activity:read_all on the authorize page; returns the code.</summary>
    public async Task<string> AuthorizeAsync(long athleteId)
    {
        using var browser = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var answer = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(
        [
            new("client_id", "12345"), new("redirect_uri", "http://runnerly.test/strava/callback"), new("state", "s"),
            new("athlete", athleteId.ToString()), new("action", "authorize"), new("scope", "read"), new("scope", "activity:read_all"),
        ]));
        return HttpUtility.ParseQueryString(answer.Headers.Location!.Query)["code"]!;
    }

    /// <summary>
    /// The runner on Strava's authorize page reached through <paramref name="authorizeUrl"/>: picks the
    /// athlete, leaves <paramref name="scopes"/> ticked, and answers; returns where Strava sends the browser back.
    /// </summary>
    public async Task<Uri> AnswerAuthorizePageAsync(Uri authorizeUrl, long athleteId, string[] scopes, bool approve = true)
    {
        using var browser = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await browser.GetAsync(authorizeUrl.PathAndQuery)).EnsureSuccessStatusCode();
        var query = HttpUtility.ParseQueryString(authorizeUrl.Query);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("client_id", query["client_id"]!), new("redirect_uri", query["redirect_uri"]!), new("state", query["state"]!),
            new("athlete", athleteId.ToString()), new("action", approve ? "authorize" : "cancel"),
        };
        fields.AddRange(scopes.Select(scope => KeyValuePair.Create("scope", scope)));
        using var answer = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(fields));
        return answer.Headers.Location!;
    }

    /// <summary>
    /// The ids of the athlete's running activities that Strava lists to a grant with
    /// <c>activity:read_all</c>, as it holds them now (those it leaves out of lists are not among them).
    /// </summary>
    public HashSet<string> ListedRunIds(long athleteId) => World.Find(athleteId)!.Activities
        .Where(a => a.SportType is "Run" or "TrailRun" or "VirtualRun" && !a.LeftOutOfLists).Select(a => a.Id.ToString()).ToHashSet();

    /// <summary>How many of the athlete's activities lists leave out after cutting the page.</summary>
    public int LeftOutOfLists(long athleteId) => World.Find(athleteId)!.Activities.Count(a => a.LeftOutOfLists);

    /// <summary>The athlete's first and last name as Strava holds them.</summary>
    public string AthleteName(long athleteId) => World.Find(athleteId)!.Athlete is var athlete ? $"{athlete.FirstName} {athlete.LastName}" : "";

    /// <summary>How many of the athlete's activities Strava holds now, runs or not.</summary>
    /// <summary>The IANA zone the athlete's newest activities carry.</summary>
    public string HomeTimeZone(long athleteId) => World.Find(athleteId)!.Activities.MaxBy(a => a.StartDate)!.TimeZone.Id;

    public int ActivityCount(long athleteId) => World.Find(athleteId)!.Activities.Count;

    private simulator::Runnerly.StravaSimulator.World.StravaWorld World =>
        Services.GetRequiredService<simulator::Runnerly.StravaSimulator.World.StravaWorld>();

    /// <summary>Whether the athlete has a token Strava accepts (a grant not deauthorized).</summary>
    public bool HasGrant(long athleteId) => World.HasGrant(athleteId);

    /// <summary>Requests straight to the simulator, past the budget, as another application of the same client would.</summary>
    public async Task SpendOutsideTheBudgetAsync(string accessToken, int requests)
    {
        using var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        for (var i = 0; i < requests; i++)
        {
            (await client.GetAsync("/api/v3/athlete")).Dispose();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("StravaSimulator:ClientSecret", ClientSecret);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _redis.Dispose();
        await base.DisposeAsync();
    }
}
