using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Sync;

namespace Runnerly.Strava.Apis;

/// <summary>
/// Strava's push events. The subscription check echoes the challenge only with our verify token;
/// an event must name the push subscription Strava gave this application; it is written to
/// Postgres and acknowledged at once (Strava wants a 200 within two seconds), then processed by
/// the worker. A repeated event is stored once.
/// </summary>
internal static class WebhookApi
{
    private static readonly string[] ObjectTypes = ["activity", "athlete"];
    private static readonly string[] AspectTypes = ["create", "update", "delete"];

    public static void MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var webhook = app.MapGroup("/strava/webhook").WithTags("Strava webhook");
        webhook.MapGet("/", Validate).WithSummary("Strava's subscription validation: echoes hub.challenge when hub.verify_token matches.");
        webhook.MapPost("/", ReceiveAsync).Accepts<PushEvent>("application/json")
            .WithSummary("A Strava push event: stored, acknowledged, processed later.");
    }

    private static Results<Ok<Dictionary<string, string>>, ProblemHttpResult> Validate(IOptions<WebhookOptions> options,
        [FromQuery(Name = "hub.challenge")] string? challenge, [FromQuery(Name = "hub.verify_token")] string? token)
    {
        var expected = options.Value.VerifyToken;
        if (string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token ?? ""), Encoding.UTF8.GetBytes(expected)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The verify token does not match.");
        }

        return challenge is { Length: > 0 and <= 256 }
            ? TypedResults.Ok(new Dictionary<string, string> { ["hub.challenge"] = challenge })
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "hub.challenge is missing or too long.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["hub.challenge"] = ["Give the challenge, 1 to 256 characters."] } });
    }

    private static async Task<Results<Ok, ValidationProblem>> ReceiveAsync(HttpRequest request, StravaDbContext db, SyncSignal signal, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        PushEvent? pushEvent;
        try
        {
            pushEvent = await JsonSerializer.DeserializeAsync<PushEvent>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 1 } path ? path : "body";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["This is not Strava's event JSON (a push event with numbers for the ids)."] });
        }

        var errors = new Dictionary<string, string[]>();
        if (pushEvent is null || !ObjectTypes.Contains(pushEvent.ObjectType))
        {
            errors["object_type"] = ["Expected activity or athlete."];
        }

        if (pushEvent is null || !AspectTypes.Contains(pushEvent.AspectType))
        {
            errors["aspect_type"] = ["Expected create, update or delete."];
        }

        if (pushEvent is null || pushEvent.ObjectId <= 0)
        {
            errors["object_id"] = ["Expected the object's id."];
        }

        if (pushEvent is null || pushEvent.OwnerId <= 0)
        {
            errors["owner_id"] = ["Expected the owner's athlete id."];
        }

        // Until the service has seen its subscription (its first start), events cannot be checked against it.
        if (await db.PushSubscriptions.AsNoTracking().Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken) is { } subscription
            && pushEvent?.SubscriptionId != subscription)
        {
            errors["subscription_id"] = ["This event does not come through Runnerly's push subscription."];
        }

        var updates = PushEventUpdates.Storable(pushEvent?.Updates);
        if (updates is null)
        {
            errors["updates"] = ["Expected an object of the fields that changed, such as {\"title\": \"Morning Run\"}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO webhook_events ("ObjectType", "ObjectId", "AspectType", "OwnerId", "EventTime", "Updates", "ReceivedAt", "NextAttemptAt", "Attempts", "Repeats")
            VALUES ({pushEvent!.ObjectType}, {pushEvent.ObjectId}, {pushEvent.AspectType}, {pushEvent.OwnerId}, {pushEvent.EventTime}, {updates}::jsonb, {now}, {now}, 0, 0)
            ON CONFLICT ("ObjectType", "ObjectId", "OwnerId") WHERE "ProcessedAt" IS NULL
            DO UPDATE SET "Repeats" = webhook_events."Repeats" + 1, "AspectType" = EXCLUDED."AspectType", "Updates" = EXCLUDED."Updates", "EventTime" = EXCLUDED."EventTime"
            """, cancellationToken);
        signal.Wake();
        return TypedResults.Ok();
    }

    /// <summary>Strava's push event, as it posts it.</summary>
    internal sealed record PushEvent(
        [property: JsonPropertyName("object_type")] string? ObjectType,
        [property: JsonPropertyName("object_id")] long ObjectId,
        [property: JsonPropertyName("aspect_type")] string? AspectType,
        [property: JsonPropertyName("owner_id")] long OwnerId,
        [property: JsonPropertyName("subscription_id")] long? SubscriptionId,
        [property: JsonPropertyName("event_time")] long EventTime,
        [property: JsonPropertyName("updates")] JsonElement? Updates);
}

/// <summary>The push subscription (section <c>Strava:Webhook</c>).</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Strava:Webhook";

    /// <summary>The secret Strava echoes back when it validates the subscription.</summary>
    public string VerifyToken { get; set; } = "";

    /// <summary>The public <c>/strava/webhook</c> URL; when set, the service creates the subscription if Strava has none.</summary>
    public Uri? CallbackUrl { get; set; }
}
