using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;

namespace Runnerly.Strava.Clients;

/// <summary>
/// Strava's OAuth and API v3 as Runnerly uses them. Every API call is reserved in the shared
/// budget first and reports Strava's usage headers back to it.
/// </summary>
internal sealed class StravaClient(HttpClient http, StravaBudget budget, IOptions<StravaOptions> options)
{
    public const int PageSize = 200;

    private StravaOptions Options => options.Value;

    /// <summary>The page a runner is sent to; the state comes back with the code.</summary>
    public Uri AuthorizeUri(Uri redirectUri, string state) => new(
        $"{Options.AuthorizeUrl}?client_id={Uri.EscapeDataString(Options.ClientId)}&redirect_uri={Uri.EscapeDataString(redirectUri.ToString())}" +
        $"&response_type=code&approval_prompt=auto&scope={Uri.EscapeDataString("read,activity:read_all")}&state={Uri.EscapeDataString(state)}");

    public Task<StravaTokens> ExchangeCodeAsync(string code, CancellationToken cancellationToken) =>
        TokenAsync(new() { ["code"] = code, ["grant_type"] = "authorization_code" }, cancellationToken);

    /// <summary>Strava rotates refresh tokens: store the one this returns.</summary>
    public Task<StravaTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        TokenAsync(new() { ["refresh_token"] = refreshToken, ["grant_type"] = "refresh_token" }, cancellationToken);

    public Task<StravaAthlete> GetAthleteAsync(string accessToken, StravaWork work, CancellationToken cancellationToken) =>
        GetAsync<StravaAthlete>("athlete", accessToken, work, cancellationToken);

    public Task<StravaStats> GetStatsAsync(long athleteId, string accessToken, StravaWork work, CancellationToken cancellationToken) =>
        GetAsync<StravaStats>($"athletes/{athleteId}/stats", accessToken, work, cancellationToken);

    /// <summary>One page of activities started before <paramref name="before"/> (newest first), or after <paramref name="after"/> (oldest first).</summary>
    public Task<List<StravaActivity>> ListActivitiesAsync(string accessToken, StravaWork work, DateTimeOffset? before, DateTimeOffset? after, int page,
        CancellationToken cancellationToken)
    {
        var query = new StringBuilder($"athlete/activities?per_page={PageSize}&page={page}");
        if (before is { } b)
        {
            query.Append($"&before={b.ToUnixTimeSeconds()}");
        }

        if (after is { } a)
        {
            query.Append($"&after={a.ToUnixTimeSeconds()}");
        }

        return GetAsync<List<StravaActivity>>(query.ToString(), accessToken, work, cancellationToken);
    }

    public Task<StravaActivity> GetActivityAsync(long activityId, string accessToken, StravaWork work, CancellationToken cancellationToken) =>
        GetAsync<StravaActivity>($"activities/{activityId}", accessToken, work, cancellationToken);

    /// <summary>Revokes the runner's grant at Strava: deauthorize today, revoke when configured.</summary>
    public async Task DeauthorizeAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = Options.UseRevoke
            ? new HttpRequestMessage(HttpMethod.Post, Options.RevokeUrl)
            {
                Content = new FormUrlEncodedContent([KeyValuePair.Create("token", accessToken)]),
                Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Options.ClientId}:{Options.ClientSecret}"))) },
            }
            : new HttpRequestMessage(HttpMethod.Post, Options.DeauthorizeUrl)
            {
                Content = new FormUrlEncodedContent([KeyValuePair.Create("access_token", accessToken)]),
            };
        using var response = await http.SendAsync(request, cancellationToken);
        // A token Strava does not know (400) is already as revoked as it gets; a 401 may be an expired token, so the caller decides.
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.BadRequest)
        {
            throw new StravaException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }

    /// <summary>The application's push subscriptions (Strava allows one), with the client's credentials.</summary>
    public async Task<List<StravaPushSubscription>> ListPushSubscriptionsAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(Options.ApiBaseUrl,
            $"push_subscriptions?client_id={Uri.EscapeDataString(Options.ClientId)}&client_secret={Uri.EscapeDataString(Options.ClientSecret)}");
        using var response = await http.GetAsync(uri, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<List<StravaPushSubscription>>(cancellationToken))!
            : throw new StravaException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>
    /// Asks Strava to push events to <paramref name="callbackUrl"/>; Strava first checks it echoes a
    /// challenge with <paramref name="verifyToken"/>. Returns the new subscription's id.
    /// </summary>
    public async Task<long> CreatePushSubscriptionAsync(Uri callbackUrl, string verifyToken, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(Options.ApiBaseUrl, "push_subscriptions"), new FormUrlEncodedContent(
        [
            KeyValuePair.Create("client_id", Options.ClientId), KeyValuePair.Create("client_secret", Options.ClientSecret),
            KeyValuePair.Create("callback_url", callbackUrl.ToString()), KeyValuePair.Create("verify_token", verifyToken),
        ]), cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<StravaPushSubscription>(cancellationToken))!.Id
            : throw new StravaException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private async Task<StravaTokens> TokenAsync(Dictionary<string, string> grant, CancellationToken cancellationToken)
    {
        grant["client_id"] = Options.ClientId;
        grant["client_secret"] = Options.ClientSecret;
        using var response = await http.PostAsync(Options.TokenUrl, new FormUrlEncodedContent(grant), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new StravaException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }

        return (await response.Content.ReadFromJsonAsync<StravaTokens>(cancellationToken))!;
    }

    private async Task<T> GetAsync<T>(string path, string accessToken, StravaWork work, CancellationToken cancellationToken)
    {
        var reservation = await budget.ReserveAsync(work, isRead: true);
        if (!reservation.IsGranted)
        {
            throw new StravaBudgetExhaustedException(reservation.RetryAt, reservation.OnlyThisWork);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Options.ApiBaseUrl, path))
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
        };
        using var response = await http.SendAsync(request, cancellationToken);
        var resumeAt = await budget.ObserveAsync(response);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => (await response.Content.ReadFromJsonAsync<T>(cancellationToken))!,
            HttpStatusCode.TooManyRequests => throw new StravaBudgetExhaustedException(resumeAt!.Value),
            _ => throw new StravaException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)),
        };
    }
}

/// <summary>Strava answered with an error.</summary>
internal sealed class StravaException(HttpStatusCode status, string body) : Exception($"Strava answered {(int)status}: {body}")
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// The shared budget cannot afford a request now (or Strava said 429): try again at <see cref="RetryAt"/>.
/// <see cref="OnlyThisWork"/> when just the share of this kind of work is spent and other work may go on.
/// </summary>
internal sealed class StravaBudgetExhaustedException(DateTimeOffset retryAt, bool onlyThisWork = false)
    : Exception($"Strava's rate limits are used up until {retryAt:u}{(onlyThisWork ? " for this kind of work" : "")}.")
{
    public DateTimeOffset RetryAt { get; } = retryAt;

    public bool OnlyThisWork { get; } = onlyThisWork;
}
