using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Runnerly.StravaSimulator.Model;

namespace Runnerly.StravaSimulator.Infrastructure;

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

    public IEnumerable<long> AthleteIds => Enumerable.Range(1, Options.Athletes).Select(i => 1000L + i);

    public AthleteRecord? Find(long athleteId) =>
        athleteId > 1000 && athleteId <= 1000 + Options.Athletes
            ? _athletes.GetOrAdd(athleteId, id =>
            {
                var athlete = AthleteHistories.Athlete(id, _historyEnd, Options.HistoryYears);
                return new AthleteRecord(athlete, AthleteHistories.Activities(athlete, _historyEnd, Options.HistoryYears));
            })
            : null;

    public string IssueCode(long athleteId, string[] scopes)
    {
        var code = NewSecret();
        _codes[code] = new Grant(athleteId, scopes, clock.GetUtcNow() + CodeLifetime);
        return code;
    }

    /// <summary>Exchanges a code once; a second use, or a use after 10 minutes, fails.</summary>
    public Tokens? Exchange(string code) =>
        _codes.TryRemove(code, out var grant) && grant.ExpiresAt > clock.GetUtcNow() ? Issue(grant.AthleteId, grant.Scopes) : null;

    /// <summary>A new access token and a new refresh token; the old refresh token stops working.</summary>
    public Tokens? Refresh(string refreshToken) =>
        _refreshTokens.TryRemove(refreshToken, out var grant) ? Issue(grant.AthleteId, grant.Scopes) : null;

    public AccessGrant? Authenticate(string accessToken) =>
        _accessTokens.TryGetValue(accessToken, out var grant) && grant.ExpiresAt > clock.GetUtcNow() ? grant : null;

    /// <summary>Revokes every token of the athlete (Strava's deauthorization of the application).</summary>
    public bool Deauthorize(string token)
    {
        var athleteId = _accessTokens.TryGetValue(token, out var access) ? access.AthleteId
            : _refreshTokens.TryGetValue(token, out var refresh) ? refresh.AthleteId
            : (long?)null;
        if (athleteId is null)
        {
            return false;
        }

        foreach (var (key, grant) in _accessTokens.Where(t => t.Value.AthleteId == athleteId))
        {
            _accessTokens.TryRemove(KeyValuePair.Create(key, grant));
        }

        foreach (var (key, grant) in _refreshTokens.Where(t => t.Value.AthleteId == athleteId))
        {
            _refreshTokens.TryRemove(KeyValuePair.Create(key, grant));
        }

        return true;
    }

    private Tokens Issue(long athleteId, string[] scopes)
    {
        var expiresAt = clock.GetUtcNow() + Options.AccessTokenLifetime;
        var tokens = new Tokens(NewSecret(), NewSecret(), expiresAt, athleteId);
        _accessTokens[tokens.AccessToken] = new AccessGrant(athleteId, scopes, expiresAt);
        _refreshTokens[tokens.RefreshToken] = new Grant(athleteId, scopes, DateTimeOffset.MaxValue);
        return tokens;
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private sealed record Grant(long AthleteId, string[] Scopes, DateTimeOffset ExpiresAt);
}

internal sealed record AccessGrant(long AthleteId, string[] Scopes, DateTimeOffset ExpiresAt)
{
    public bool CanReadActivities => Scopes.Contains("activity:read") || Scopes.Contains("activity:read_all");
}

internal sealed record Tokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, long AthleteId);

/// <summary>An athlete and their activities, oldest first; changes go through the lock.</summary>
internal sealed class AthleteRecord(Athlete athlete, List<Activity> activities)
{
    public Lock Lock { get; } = new();

    public Athlete Athlete { get; } = athlete;

    public List<Activity> Activities { get; } = activities;
}
