using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Runnerly.StravaSimulator.Model;

namespace Runnerly.StravaSimulator.World;

/// <summary>
/// Everything the simulator knows, in memory: athletes and their activities (generated on first
/// use), authorization codes, and tokens. Access tokens expire; refresh tokens rotate.
/// </summary>
internal sealed class StravaWorld(IOptions<SimulatorOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly DateTimeOffset _historyEnd = clock.GetUtcNow();
    private readonly ConcurrentDictionary<long, AthleteRecord> _athletes = new();
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, AccessGrant> _accessTokens = new();
    private readonly ConcurrentDictionary<string, Grant> _refreshTokens = new();

    public SimulatorOptions Options => options.Value;

    /// <summary>Faults to inject, starting from the configured ones and changeable while running.</summary>
    public double ErrorRate { get; set; } = options.Value.ErrorRate;

    public TimeSpan Latency { get; set; } = options.Value.Latency;

    /// <summary>The athlete who authorized last: the one the dashboard's commands act for.</summary>
    public long LastAuthorizedAthlete { get; private set; } = 1001;

    public IEnumerable<long> AthleteIds => Enumerable.Range(1, Options.Athletes).Select(i => 1000L + i);

    public AthleteRecord? Find(long athleteId) =>
        athleteId > 1000 && athleteId <= 1000 + Options.Athletes
            ? _athletes.GetOrAdd(athleteId, id =>
            {
                var athlete = AthleteHistories.Athlete(id, _historyEnd, Options.HistoryYears);
                return new AthleteRecord(athlete, AthleteHistories.Activities(athlete, _historyEnd, Options.HistoryYears, Options.LeftOutOfListsShare));
            })
            : null;

    public string IssueCode(long athleteId, string[] scopes)
    {
        var code = NewSecret();
        LastAuthorizedAthlete = athleteId;
        _codes[code] = new Grant(athleteId, scopes, clock.GetUtcNow() + CodeLifetime);
        return code;
    }

    /// <summary>Exchanges a code once; a second use, or a use after 10 minutes, fails.</summary>
    public Tokens? Exchange(string code) =>
        _codes.TryRemove(code, out var grant) && grant.ExpiresAt > clock.GetUtcNow() ? Issue(grant.AthleteId, grant.Scopes) : null;

    /// <summary>
    /// A new refresh token (the old one stops working) and, as Strava does, the same access token
    /// while it has more than an hour left, else a new one.
    /// </summary>
    public Tokens? Refresh(string refreshToken)
    {
        if (!_refreshTokens.TryRemove(refreshToken, out var grant))
        {
            return null;
        }

        if (grant.AccessToken is { } current && _accessTokens.TryGetValue(current, out var access) && access.ExpiresAt - clock.GetUtcNow() > TimeSpan.FromHours(1))
        {
            var rotated = NewSecret();
            _refreshTokens[rotated] = grant;
            return new Tokens(current, rotated, access.ExpiresAt, grant.AthleteId);
        }

        return Issue(grant.AthleteId, grant.Scopes);
    }

    public AccessGrant? Authenticate(string accessToken) =>
        _accessTokens.TryGetValue(accessToken, out var grant) && grant.ExpiresAt > clock.GetUtcNow() ? grant : null;

    /// <summary>Whether the athlete has an access token that still works.</summary>
    public bool HasGrant(long athleteId) => _accessTokens.Values.Any(grant => grant.AthleteId == athleteId && grant.ExpiresAt > clock.GetUtcNow());

    /// <summary>Revokes every token of the athlete the token belongs to (Strava's deauthorization of the application).</summary>
    public bool Deauthorize(string token)
    {
        var athleteId = _accessTokens.TryGetValue(token, out var access) ? access.AthleteId
            : _refreshTokens.TryGetValue(token, out var refresh) ? refresh.AthleteId
            : (long?)null;
        if (athleteId is null)
        {
            return false;
        }

        DeauthorizeAthlete(athleteId.Value);
        return true;
    }

    /// <summary>Revokes every token of the athlete, as when they disconnect the application on Strava's site.</summary>
    public void DeauthorizeAthlete(long athleteId)
    {
        foreach (var (key, grant) in _accessTokens.Where(t => t.Value.AthleteId == athleteId))
        {
            _accessTokens.TryRemove(KeyValuePair.Create(key, grant));
        }

        foreach (var (key, grant) in _refreshTokens.Where(t => t.Value.AthleteId == athleteId))
        {
            _refreshTokens.TryRemove(KeyValuePair.Create(key, grant));
        }
    }

    private Tokens Issue(long athleteId, string[] scopes)
    {
        var expiresAt = clock.GetUtcNow() + Options.AccessTokenLifetime;
        var tokens = new Tokens(NewSecret(), NewSecret(), expiresAt, athleteId);
        _accessTokens[tokens.AccessToken] = new AccessGrant(athleteId, scopes, expiresAt);
        _refreshTokens[tokens.RefreshToken] = new Grant(athleteId, scopes, DateTimeOffset.MaxValue, tokens.AccessToken);
        return tokens;
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private sealed record Grant(long AthleteId, string[] Scopes, DateTimeOffset ExpiresAt, string? AccessToken = null);
}

internal sealed record AccessGrant(long AthleteId, string[] Scopes, DateTimeOffset ExpiresAt)
{
    public bool CanReadActivities => Scopes.Contains("activity:read") || Scopes.Contains("activity:read_all");

    /// <summary>Activities only the athlete sees ("only_me") need <c>activity:read_all</c>.</summary>
    public bool CanSee(Activity activity) => !activity.IsPrivate || Scopes.Contains("activity:read_all");
}

internal sealed record Tokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, long AthleteId);

/// <summary>An athlete and their activities, oldest first; reads and changes hold the lock.</summary>
internal sealed class AthleteRecord(Athlete athlete, List<Activity> activities)
{
    private long _nextId = athlete.Id * 100_000 + 90_000;

    public Lock Lock { get; } = new();

    public Athlete Athlete { get; } = athlete;

    public List<Activity> Activities { get; } = activities;

    /// <summary>A run just finished: 10 km in 50 minutes with heart rate, around home.</summary>
    public Activity AddRun(DateTimeOffset finishedAt)
    {
        lock (Lock)
        {
            var run = new Activity
            {
                Id = ++_nextId,
                AthleteId = Athlete.Id,
                Name = "New Run",
                SportType = "Run",
                StartDate = finishedAt.AddMinutes(-52),
                TimeZone = Athlete.TimeZone,
                Distance = 10_000,
                MovingTime = 3_000,
                ElapsedTime = 3_120,
                TotalElevationGain = 42,
                MaxSpeed = 4.6,
                AverageHeartrate = 151,
                MaxHeartrate = 172,
                AverageCadence = 86,
                Route = [Athlete.Home, (Athlete.Home.Lat + 0.02, Athlete.Home.Lng), (Athlete.Home.Lat + 0.02, Athlete.Home.Lng + 0.03), Athlete.Home],
            };
            Activities.Add(run);
            return run;
        }
    }

    public Activity? Rename(long activityId, string name)
    {
        lock (Lock)
        {
            var index = Activities.FindIndex(a => a.Id == activityId);
            if (index < 0)
            {
                return null;
            }

            Activities[index] = Activities[index] with { Name = name };
            return Activities[index];
        }
    }

    public bool Remove(long activityId)
    {
        lock (Lock)
        {
            return Activities.RemoveAll(a => a.Id == activityId) > 0;
        }
    }

    public long? Latest()
    {
        lock (Lock)
        {
            return Activities.Count == 0 ? null : Activities.MaxBy(a => a.StartDate)!.Id;
        }
    }
}
