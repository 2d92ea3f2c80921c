using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Runnerly.Gateway.Tests;

/// <summary>
/// A stand-in service behind the gateway, on real Kestrel: it answers every request with its
/// name, the path and the body it received, with the Cache-Control and ETag the request asks for
/// (<see cref="AnswerCacheControl"/>, <see cref="AnswerETag"/>), and the trace context it was given (<see cref="ReceivedTraceparent"/>). <c>/api/runs/slow</c> answers once slow requests are released.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    public const string AnswerCacheControl = "X-Test-Answer-Cache-Control";
    public const string AnswerETag = "X-Test-Answer-ETag";
    public const string ReceivedTraceparent = "X-Test-Received-Traceparent";

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Upstream(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<Upstream> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new Upstream(app);
        app.Run(async context =>
        {
            if (context.Request.Path == "/api/runs/slow")
            {
                upstream._slowArrived.TrySetResult();
                await upstream._release.Task;
            }

            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Response.Headers.Server = "Kestrel";
            context.Response.Headers.CacheControl = context.Request.Headers[AnswerCacheControl];
            context.Response.Headers.ETag = context.Request.Headers[AnswerETag];
            context.Response.Headers[ReceivedTraceparent] = context.Request.Headers["traceparent"];
            await context.Response.WriteAsync($"{name} {context.Request.Path}{context.Request.QueryString} {body}".TrimEnd());
        });
        await app.StartAsync();
        upstream.Address = new Uri(app.Urls.Single());
        return upstream;
    }

    /// <summary>Completes when a slow request has reached this service.</summary>
    public Task SlowRequestArrived => _slowArrived.Task;

    /// <summary>Lets slow requests through, now and from then on.</summary>
    public void ReleaseSlowRequests() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.DisposeAsync();
    }
}
