namespace Runnerly.Web.Clients;

/// <summary>
/// A change the signed-in runner makes through this replica (any call but a read) drops their <see cref="RunnerCache"/>
/// entry as soon as the service answers, so the page after it never waits on the service's notice.
/// </summary>
public sealed class RunnerWriteHandler(RunnerCache cache, IHttpContextAccessor context) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            // Dropped even when the call failed or timed out: the change may have been made all the same.
            if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && context.HttpContext?.User is { Identity.IsAuthenticated: true } runner)
            {
                cache.Changed(runner.RunnerId());
            }
        }
    }
}
