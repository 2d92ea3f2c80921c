using Runnerly.StravaSimulator.Model;
using Runnerly.StravaSimulator.World;

namespace Runnerly.StravaSimulator.Apis;

/// <summary>Strava's webhook subscription API: client credentials instead of an athlete's token.</summary>
internal static class PushSubscriptionsApi
{
    public static void MapPushSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/v3/push_subscriptions").DisableAntiforgery();
        subscriptions.MapPost("/", async (HttpRequest request, StravaWorld world, PushSubscriptions push, CancellationToken cancellationToken) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
            string? Field(string name) => form?[name].FirstOrDefault() ?? request.Query[name].FirstOrDefault();
            if (!IsClient(world, Field("client_id"), Field("client_secret")))
            {
                return Results.Json(StravaJson.Fault("Authorization Error", "Application", "client", "invalid"), statusCode: 401);
            }

            if (Field("callback_url") is not { } callbackUrl || !Uri.TryCreate(callbackUrl, UriKind.Absolute, out var callback)
                || (callback.Scheme != Uri.UriSchemeHttp && callback.Scheme != Uri.UriSchemeHttps))
            {
                return Results.BadRequest(StravaJson.Fault("Bad Request", "PushSubscription", "callback url", "invalid"));
            }

            var (created, error) = await push.CreateAsync(callbackUrl, Field("verify_token") ?? "", cancellationToken);
            return created is null
                ? Results.BadRequest(StravaJson.Fault("Bad Request", "PushSubscription", "callback url", error!))
                : Results.Json(new { id = created.Id }, statusCode: 201);
        });
        subscriptions.MapGet("/", (StravaWorld world, PushSubscriptions push, string? client_id, string? client_secret) =>
            !IsClient(world, client_id, client_secret)
                ? Results.Json(StravaJson.Fault("Authorization Error", "Application", "client", "invalid"), statusCode: 401)
                : Results.Json(push.Current is { } s
                    ? new[] { new { id = s.Id, resource_state = 2, application_id = long.Parse(world.Options.ClientId), callback_url = s.CallbackUrl, created_at = StravaJson.Timestamp(s.CreatedAt), updated_at = StravaJson.Timestamp(s.CreatedAt) } }
                    : []));
        subscriptions.MapDelete("/{id:long}", (long id, StravaWorld world, PushSubscriptions push, string? client_id, string? client_secret) =>
            !IsClient(world, client_id, client_secret)
                ? Results.Json(StravaJson.Fault("Authorization Error", "Application", "client", "invalid"), statusCode: 401)
                : push.Delete(id) ? Results.NoContent() : Results.NotFound(StravaJson.Fault("Record Not Found", "PushSubscription", "id", "invalid")));
    }

    private static bool IsClient(StravaWorld world, string? clientId, string? clientSecret) =>
        clientId == world.Options.ClientId && clientSecret == world.Options.ClientSecret;
}
