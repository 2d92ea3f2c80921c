namespace Aspire.Hosting;

/// <summary>How services find the identity service and present their OAuth client credentials.</summary>
internal static class Identity
{
    /// <summary>A generated secret, kept in the AppHost's user secrets so it survives restarts.</summary>
    public static IResourceBuilder<ParameterResource> AddSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    /// <summary>
    /// The identity service issues tokens as the public URL runners see (the gateway's), and
    /// reaches its own token endpoint directly (service discovery has no entry for a service's own name).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsTokenIssuer(this IResourceBuilder<ProjectResource> identity, EndpointReference publicUrl)
    {
        identity.WithEnvironment("Identity__Issuer", publicUrl)
            .WithEnvironment("Identity__Authority", identity.GetEndpoint("http"));

        var builder = identity.ApplicationBuilder;
        if (builder.ExecutionContext.IsPublishMode)
        {
            // Deployed, the token server's keys are the deployer's (docs/identity-keys.md); locally they are generated once and kept in identitydb.
            identity.WithEnvironment("Identity__SigningKey", builder.AddParameter("identity-signing-key", secret: true))
                .WithEnvironment("Identity__EncryptionKey", builder.AddParameter("identity-encryption-key", secret: true));
        }

        return identity;
    }

    /// <summary>An API that accepts the identity service's access tokens, pinned to their issuer (the public URL).</summary>
    public static IResourceBuilder<ProjectResource> WithTokensFrom(this IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> identity,
        EndpointReference publicUrl) =>
        api.WithReference(identity).WithEnvironment("Identity__Issuer", publicUrl);

    /// <summary>
    /// Gives the identity service the secret of an OAuth client, and (when the client is the
    /// service itself) the service the same credentials to ask for tokens with.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOAuthClient(this IResourceBuilder<ProjectResource> identity, string clientId,
        IResourceBuilder<ParameterResource> secret, bool actsAsItself = false)
    {
        identity.WithEnvironment($"Identity__Clients__{clientId}__Secret", secret);
        return actsAsItself ? identity.WithClientCredentials(clientId, secret) : identity;
    }

    /// <summary>The OAuth client a service asks the identity service for its own service tokens with.</summary>
    public static IResourceBuilder<ProjectResource> WithClientCredentials(this IResourceBuilder<ProjectResource> service, string clientId,
        IResourceBuilder<ParameterResource> secret) =>
        service.WithEnvironment("ServiceClient__ClientId", clientId).WithEnvironment("ServiceClient__ClientSecret", secret);

    /// <summary>
    /// The web signs runners in with the identity service as the OAuth client <c>web</c>: its
    /// secret, and the public URL's callbacks as its only redirect URIs.
    /// </summary>
    public static IResourceBuilder<ProjectResource> SignsInWith(this IResourceBuilder<ProjectResource> web, IResourceBuilder<ProjectResource> identity,
        EndpointReference publicUrl, IResourceBuilder<ParameterResource> secret)
    {
        identity.WithOAuthClient("web", secret)
            .WithEnvironment("Identity__Clients__web__RedirectUris__0", ReferenceExpression.Create($"{publicUrl}/signin-oidc"))
            .WithEnvironment("Identity__Clients__web__PostLogoutRedirectUris__0", ReferenceExpression.Create($"{publicUrl}/signout-callback-oidc"));
        return web.WithReference(identity)
            .WithEnvironment("Web__PublicUrl", publicUrl)
            .WithEnvironment("Web__ClientSecret", secret);
    }
}
