namespace Aspire.Hosting;

internal static class KeyRings
{
    private const string CertificateParameter = "data-protection-certificate";

    /// <summary>
    /// Deployed, a service's Data Protection key ring is encrypted at rest with the deployer's certificate
    /// (docs/deploy.md), one parameter shared by every service that keeps one; locally the keys are stored as they are.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithProtectedKeyRing(this IResourceBuilder<ProjectResource> service)
    {
        var builder = service.ApplicationBuilder;
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return service;
        }

        var certificate = builder.Resources.OfType<ParameterResource>().SingleOrDefault(p => p.Name == CertificateParameter) is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter(CertificateParameter, secret: true);
        return service.WithEnvironment("DataProtection__Certificate", certificate);
    }
}
