using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Runnerly.Gateway.Tests;

/// <summary>
/// A stand-in service behind the gateway, on real Kestrel: it answers every request with its
/// name, the path and the body it received. <c>/api/runs/slow</c> answers only when released.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
                await upstream._release.Task;
            }

            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Response.Headers.Server = "Kestrel";
            await context.Response.WriteAsync($"{name} {context.Request.Path}{context.Request.QueryString} {body}".TrimEnd());
        });
        await app.StartAsync();
        upstream.Address = new Uri(app.Urls.Single());
        return upstream;
    }

    public void ReleaseSlowRequests()
    {
        _release.TrySetResult();
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.DisposeAsync();
    }
}
