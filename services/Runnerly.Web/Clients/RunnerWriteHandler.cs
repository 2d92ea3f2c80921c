using System.Globalization;

namespace Runnerly.Web.Clients;

/// <summary>
/// A change the signed-in runner makes through this replica (any call but a read) drops their <see cref="RunnerCache"/>
/// entry as soon as the service answers, and stamps the browser with when (<see cref="ChangedCookie"/>): another web
/// replica serving their next page may not have heard the service's notice yet, and the stamp tells it not to trust
/// what it kept from before.
/// </summary>
public sealed class RunnerWriteHandler(RunnerCache cache, IHttpContextAccessor context, TimeProvider time, IConfiguration configuration) : DelegatingHandler
{
    public const string ChangedCookie = "runnerly_changed";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            // Even when the call failed or timed out: the change may have been made all the same.
            if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && context.HttpContext is { User: { Identity.IsAuthenticated: true } runner } http)
            {
                cache.Changed(runner.RunnerId());
                Stamp(http);
            }
        }
    }

    /// <summary>When the browser's runner last changed something, by its stamp; null without one (or a stamp that does not read).</summary>
    public static DateTimeOffset? LastChange(HttpRequest request) =>
        long.TryParse(request.Cookies[ChangedCookie], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
        && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

    private void Stamp(HttpContext http)
    {
        if (http.Response.HasStarted)
        {
            return; // a page already streaming: the other replicas go by the notice alone
        }

        http.Response.Cookies.Append(ChangedCookie, time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = RunnerSignIn.PublicUrlIsHttps(configuration),
        });
    }
}
