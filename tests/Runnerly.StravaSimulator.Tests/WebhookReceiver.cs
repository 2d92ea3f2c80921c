using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Runnerly.StravaSimulator.Tests;

/// <summary>A webhook callback on real Kestrel, as an application subscribed to Strava's events would have.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri CallbackUrl { get; private set; } = null!;

    public ConcurrentQueue<JsonElement> Events { get; } = new();

    /// <summary>How many of the next events to answer with a 500.</summary>
    public int FailNext { get; set; }

    public static async Task<WebhookReceiver> StartAsync(string verifyToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapGet("/webhook", (HttpRequest request) => request.Query["hub.verify_token"] == verifyToken
            ? Results.Json(new Dictionary<string, string?> { ["hub.challenge"] = request.Query["hub.challenge"] })
            : Results.StatusCode(403));
        app.MapPost("/webhook", async (HttpRequest request) =>
        {
            if (receiver.FailNext > 0)
            {
                receiver.FailNext--;
                return Results.StatusCode(500);
            }

            receiver.Events.Enqueue(JsonDocument.Parse(await new StreamReader(request.Body).ReadToEndAsync()).RootElement);
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.CallbackUrl = new Uri(new Uri(app.Urls.Single()), "/webhook");
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
