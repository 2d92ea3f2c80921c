using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Runnerly.StravaSimulator.World;

/// <summary>
/// The application's push subscription (Strava allows one) and the delivery of events to its
/// callback: a POST that must be answered 200 within two seconds (<see cref="SimulatorOptions.CallbackTimeout"/>), tried up to three times.
/// </summary>
internal sealed class PushSubscriptions(IOptions<SimulatorOptions> options, TimeProvider clock, ILogger<PushSubscriptions> logger) : IDisposable
{
    // Strava's own rules, not the resilience defaults of the services' clients: a short timeout, three attempts.
    private readonly HttpClient _client = new() { Timeout = options.Value.CallbackTimeout };
    private readonly Lock _lock = new();

    public Subscription? Current { get; private set; }

    /// <summary>Checks the callback echoes the challenge, as Strava does before it creates the subscription.</summary>
    public async Task<(Subscription? Created, string? Error)> CreateAsync(string callbackUrl, string verifyToken, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Current is not null)
            {
                return (null, "already exists");
            }
        }

        var challenge = Guid.NewGuid().ToString("N");
        try
        {
            var url = $"{callbackUrl}{(callbackUrl.Contains('?') ? '&' : '?')}hub.mode=subscribe&hub.challenge={challenge}&hub.verify_token={Uri.EscapeDataString(verifyToken)}";
            using var response = await _client.GetAsync(url, cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!response.IsSuccessStatusCode || body.RootElement.ValueKind != JsonValueKind.Object
                || !body.RootElement.TryGetProperty("hub.challenge", out var echoed) || echoed.ValueKind != JsonValueKind.String || echoed.GetString() != challenge)
            {
                return (null, "GET to callback URL does not return 200 with the challenge");
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            return (null, $"GET to callback URL failed: {e.Message}");
        }

        lock (_lock)
        {
            Current ??= new Subscription(1, callbackUrl, clock.GetUtcNow());
            return (Current, null);
        }
    }

    public bool Delete(long id)
    {
        lock (_lock)
        {
            if (Current?.Id != id)
            {
                return false;
            }

            Current = null;
            return true;
        }
    }

    /// <summary>Sends an event to the subscription's callback, if there is one; false when no attempt was answered 200.</summary>
    public async Task<bool> SendAsync(string objectType, long objectId, string aspectType, long ownerId, Dictionary<string, string> updates)
    {
        if (Current is not { } subscription)
        {
            return false;
        }

        var payload = new
        {
            aspect_type = aspectType,
            event_time = clock.GetUtcNow().ToUnixTimeSeconds(),
            object_id = objectId,
            object_type = objectType,
            owner_id = ownerId,
            subscription_id = subscription.Id,
            updates,
        };
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var response = await _client.PostAsJsonAsync(subscription.CallbackUrl, payload);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                logger.LogWarning("The callback answered {Status} to a {Object} {Aspect} event (attempt {Attempt})", (int)response.StatusCode, objectType, aspectType, attempt);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                logger.LogWarning("The callback did not answer a {Object} {Aspect} event in time (attempt {Attempt}): {Error}", objectType, aspectType, attempt, e.Message);
            }
        }

        return false;
    }

    public void Dispose() => _client.Dispose();
}

internal sealed record Subscription(long Id, string CallbackUrl, DateTimeOffset CreatedAt);
