using System.Net;
using System.Net.Http.Json;

namespace Runnerly.Reports.Clients;

/// <summary>The identity service's account look-up (scope <c>accounts.read</c>): where a runner's email goes, read at send time.</summary>
internal sealed class IdentityClient(HttpClient http)
{
    /// <summary>The account, or null when there is none (deleted).</summary>
    public async Task<Account?> AccountAsync(string userId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/accounts/{Uri.EscapeDataString(userId)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The identity service answered {(int)response.StatusCode} for the account.", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<Account>(cancellationToken)
            ?? throw new HttpRequestException("The identity service answered without an account.");
    }
}

internal sealed record Account(string Id, string? Email, bool EmailConfirmed, string? DisplayName);
