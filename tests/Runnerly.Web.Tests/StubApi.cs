using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Runnerly.Web.Tests;

/// <summary>An API answering from a function of the request's path (and query), as the services would over HTTP.</summary>
internal sealed class StubApi(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public static HttpClient Client(Func<HttpRequestMessage, HttpResponseMessage> answer) => new(new StubApi(answer)) { BaseAddress = new Uri("http://api.test/") };

    /// <summary>A service that cannot be reached: every call fails as a refused connection does.</summary>
    public static HttpClient Down() => Client(_ => throw new HttpRequestException("Connection refused"));

    public static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) => new(status) { Content = JsonContent.Create(body) };

    /// <summary>JSON written as the service writes it (camelCase, its own field names).</summary>
    public static HttpResponseMessage JsonText(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Problem(string json, HttpStatusCode status) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/problem+json") };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
}
