using Microsoft.AspNetCore.HttpOverrides;

namespace Runnerly.Gateway.RateLimiting;

internal static class TrustedProxies
{
    public const string Section = "Gateway:TrustedProxyNetworks";

    /// <summary>
    /// The client's address and scheme come from X-Forwarded-* only when the peer is in one of the
    /// ingress's networks. The framework trusts loopback by default, which would let any local
    /// client pick its rate-limit partition, and trusts every peer when both lists are empty: with
    /// no network configured the headers are not read at all.
    /// </summary>
    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var trustedNetworks = builder.Configuration.GetSection(Section).Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            if (trustedNetworks.Length == 0)
            {
                options.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }

            foreach (var network in trustedNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }
}
