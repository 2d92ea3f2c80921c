using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Service-to-service calls: an HttpClient that carries an access token the service obtained
/// for itself from the identity service (OAuth 2.0 client credentials). The token is cached
/// until a minute before it expires, and renewed once if the callee answers 401.
/// Settings: <c>ServiceClient:ClientId</c>, <c>ServiceClient:ClientSecret</c>, <c>ServiceClient:Scopes</c>.
/// </summary>
public static class ServiceTokens
{
    public const string TokenClientName = "identity-token";

    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder client)
    {
        client.Services.TryAddSingleton(TimeProvider.System);
        client.Services.AddHttpClient(TokenClientName);
        client.Services.AddSingleton<ServiceTokenCache>();
        client.Services.AddTransient<ServiceTokenHandler>();
        return client.AddHttpMessageHandler<ServiceTokenHandler>();
    }

    internal sealed class ServiceTokenCache(IHttpClientFactory http, IConfiguration configuration, TimeProvider time)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private (string Token, DateTimeOffset RenewAt)? _current;

        public async Task<string> GetAsync(bool renew, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (!renew && _current is { } cached && time.GetUtcNow() < cached.RenewAt)
                {
                    return cached.Token;
                }

                var authority = (configuration[ApiAuthentication.AuthoritySetting] ?? "https+http://identity").TrimEnd('/');
                using var response = await http.CreateClient(TokenClientName).PostAsync($"{authority}/connect/token",
                    new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["grant_type"] = "client_credentials",
                        ["client_id"] = Required(configuration, "ServiceClient:ClientId"),
                        ["client_secret"] = Required(configuration, "ServiceClient:ClientSecret"),
                        ["scope"] = Required(configuration, "ServiceClient:Scopes"),
                    }),
                    cancellationToken);
                response.EnsureSuccessStatusCode();
                var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                    ?? throw new InvalidOperationException("The token endpoint answered without a token.");
                _current = (token.AccessToken, time.GetUtcNow().AddSeconds(Math.Max(0, token.ExpiresIn - 60)));
                return token.AccessToken;
            }
            finally
            {
                _gate.Release();
            }
        }

        private static string Required(IConfiguration configuration, string key) =>
            configuration[key] is { Length: > 0 } value ? value : throw new InvalidOperationException($"Setting '{key}' is missing.");
    }

    private sealed class ServiceTokenHandler(ServiceTokenCache tokens) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(renew: false, cancellationToken));
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }

            // Keys rolled over or the token was revoked: renew once.
            response.Dispose();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(renew: true, cancellationToken));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
