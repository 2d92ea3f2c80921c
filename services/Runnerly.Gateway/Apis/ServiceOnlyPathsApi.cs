namespace Runnerly.Gateway.Apis;

/// <summary>
/// Paths the services call on each other directly (through service discovery), never through the
/// gateway: they answer 404 here rather than fall through to the web's catch-all route.
/// </summary>
internal static class ServiceOnlyPathsApi
{
    private static readonly string[] Prefixes = ["/api/runners", "/api/monthly-summaries"];

    public static IEndpointRouteBuilder MapServiceOnlyPathsApi(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            app.Map($"{prefix}/{{**rest}}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                detail: "There is nothing at this address."));
        }

        return app;
    }
}
