using System.Collections.Concurrent;
using System.Text.Json;

namespace Runnerly.Strava.Tests;

/// <summary>
/// The network between the strava service and a party it calls (Strava, the data service): every
/// call is recorded; the test can take the party down, or cut the line just after a request has
/// been delivered, as when the service crashes before it hears the answer.
/// </summary>
public sealed class WireTap(Func<HttpMessageHandler> party)
{
    public ConcurrentQueue<(string Method, string PathAndQuery, int Status)> Calls { get; } = new();

    /// <summary>How many items each answer that is a JSON array held (a page of activities), in order.</summary>
    public ConcurrentQueue<(string PathAndQuery, int Items)> Lists { get; } = new();

    /// <summary>Requests matching this do not get through: the connection is refused (the party, or that part of it, is down).</summary>
    public Func<HttpRequestMessage, bool>? Refusing { get; set; }

    /// <summary>Rewrites the JSON of answers (given the request and the answer's text), as a party that answers otherwise would.</summary>
    public Func<HttpRequestMessage, string, string>? RewritingAnswers { get; set; }

    /// <summary>Requests matching this are delivered, and then no answer ever comes back.</summary>
    public Func<HttpRequestMessage, bool>? HangAfterDelivering { get; set; }

    public int Count(Func<(string Method, string PathAndQuery, int Status), bool> which) => Calls.Count(which);

    /// <summary>A handler for one HttpClient pipeline (the client factory disposes its handlers, so each gets its own).</summary>
    public HttpMessageHandler Handler() => new Line(this, party());

    private sealed class Line(WireTap tap, HttpMessageHandler party) : DelegatingHandler(party)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (tap.Refusing?.Invoke(request) == true)
            {
                throw new HttpRequestException("Connection refused (the party is down in this test).");
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (tap.RewritingAnswers is { } rewrite && response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                var rewritten = rewrite(request, await response.Content.ReadAsStringAsync(cancellationToken));
                response.Content = new StringContent(rewritten, System.Text.Encoding.UTF8, "application/json");
            }

            if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                // Buffered: the caller still reads the whole answer.
                using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                if (json.RootElement.ValueKind == JsonValueKind.Array)
                {
                    tap.Lists.Enqueue((request.RequestUri!.PathAndQuery, json.RootElement.GetArrayLength()));
                }
            }

            tap.Calls.Enqueue((request.Method.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode));
            if (tap.HangAfterDelivering?.Invoke(request) == true)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return response;
        }
    }
}
