using System.Net;
using System.Text;
using System.Web;
using Runnerly.Testing;

namespace Runnerly.Strava.Tests;

/// <summary>
/// A public callback URL for strava-sim to check before it creates a push subscription: a real
/// HTTP listener (strava-sim calls it over the network) that echoes <c>hub.challenge</c>, as the
/// strava service's webhook does behind the gateway.
/// </summary>
public sealed class ChallengeEcho : IDisposable
{
    private readonly HttpListener _listener = new();

    public ChallengeEcho()
    {
        Url = new Uri($"http://127.0.0.1:{LocalPrograms.FreePort()}/strava/webhook/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _ = AnswerAsync();
    }

    public Uri Url { get; }

    public void Dispose() => _listener.Close();

    private async Task AnswerAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var challenge = HttpUtility.ParseQueryString(context.Request.Url!.Query)["hub.challenge"] ?? "";
            var body = Encoding.UTF8.GetBytes($"{{\"hub.challenge\":\"{challenge}\"}}");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
