namespace Aspire.Hosting;

/// <summary>How the strava service reaches Strava: the real one when a client id is configured, else strava-sim.</summary>
internal static class Strava
{
    // The application registered in strava-sim; its secret is a generated parameter.
    private const string SimulatorClientId = "12345";

    /// <summary>
    /// Points the strava service at Strava with the <c>strava-client-id</c> and
    /// <c>strava-client-secret</c> parameters; in run mode without a configured client id, at a
    /// strava-sim it adds. Strava sends runners back to the public URL's <c>/strava/callback</c>
    /// and pushes events to its <c>/strava/webhook</c> (the service subscribes with a generated verify token).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithStravaApi(this IResourceBuilder<ProjectResource> strava, EndpointReference publicUrl)
    {
        var builder = strava.ApplicationBuilder;
        strava.WithEnvironment("Strava__Link__CallbackUrl", ReferenceExpression.Create($"{publicUrl}/strava/callback"))
            .WithEnvironment("Strava__Link__AfterLinkUrl", "/dashboard")
            .WithEnvironment("Strava__Webhook__CallbackUrl", ReferenceExpression.Create($"{publicUrl}/strava/webhook"))
            .WithEnvironment("Strava__Webhook__VerifyToken", builder.AddSecret("strava-webhook-verify-token"));
        if (builder.ExecutionContext.IsRunMode && string.IsNullOrEmpty(builder.Configuration["Parameters:strava-client-id"]))
        {
            var simulatorSecret = builder.AddSecret("strava-sim-client-secret");
            var simulatorResource = builder.AddStravaSimulator("strava-sim")
                .WithEnvironment("StravaSimulator__ClientId", SimulatorClientId)
                .WithEnvironment("StravaSimulator__ClientSecret", simulatorSecret);
            var simulator = simulatorResource.GetEndpoint("http");
            return strava.WaitFor(simulatorResource)
                .WithEnvironment("Strava__AuthorizeUrl", ReferenceExpression.Create($"{simulator}/oauth/authorize"))
                .WithEnvironment("Strava__TokenUrl", ReferenceExpression.Create($"{simulator}/oauth/token"))
                .WithEnvironment("Strava__ApiBaseUrl", ReferenceExpression.Create($"{simulator}/api/v3/"))
                .WithEnvironment("Strava__DeauthorizeUrl", ReferenceExpression.Create($"{simulator}/oauth/deauthorize"))
                .WithEnvironment("Strava__RevokeUrl", ReferenceExpression.Create($"{simulator}/oauth/revoke"))
                .WithEnvironment("Strava__ClientId", SimulatorClientId)
                .WithEnvironment("Strava__ClientSecret", simulatorSecret);
        }

        return strava.WithEnvironment("Strava__ClientId", builder.AddParameter("strava-client-id"))
            .WithEnvironment("Strava__ClientSecret", builder.AddParameter("strava-client-secret", secret: true));
    }
}
