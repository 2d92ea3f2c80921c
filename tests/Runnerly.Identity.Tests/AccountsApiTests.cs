using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Runnerly.Identity.Tests;

public sealed class AccountsApiTests(IdentityServiceFactory factory) : IClassFixture<IdentityServiceFactory>
{
    private static readonly string ReportsSecret = IdentityServiceFactory.Secrets["reports-worker"];

    private sealed record Account(string Id, string? Email, bool EmailConfirmed, string? DisplayName);

    [Fact]
    public async Task The_reports_worker_reads_an_account_email_and_whether_it_is_confirmed()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        var unconfirmed = Runners.NewEmail();
        (await browser.SignUpAsync(unconfirmed, Runners.GoodPassword)).Dispose();
        var (confirmedId, unconfirmedId) = await IdsAsync(email, unconfirmed);

        using var reports = await ServiceClientAsync("reports-worker", ReportsSecret, "accounts.read");
        var account = await reports.GetFromJsonAsync<Account>($"/api/accounts/{confirmedId}");
        Assert.Equal(new Account(confirmedId, email, true, null), account);
        Assert.False((await reports.GetFromJsonAsync<Account>($"/api/accounts/{unconfirmedId}"))!.EmailConfirmed);
        Assert.Equal(HttpStatusCode.NotFound, (await reports.GetAsync($"/api/accounts/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Only_a_token_with_accounts_read_for_identity_gets_accounts()
    {
        using var anonymous = await factory.CreateBrowserAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/accounts/{Guid.NewGuid()}")).StatusCode);

        // A token for the data service (runs.read) is not one for identity's accounts.
        using var dataReader = await ServiceClientAsync("reports-worker", ReportsSecret, "runs.read");
        Assert.Equal(HttpStatusCode.Forbidden, (await dataReader.GetAsync($"/api/accounts/{Guid.NewGuid()}")).StatusCode);

        // The strava worker may not even ask for the scope.
        using var token = await factory.CreateBrowserAsync();
        var (status, _) = await token.ClientCredentialsAsync("strava-worker", IdentityServiceFactory.Secrets["strava-worker"], "accounts.read");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task The_reports_worker_gets_one_token_for_data_identity_and_training()
    {
        using var client = await factory.CreateBrowserAsync();

        var (status, body) = await client.ClientCredentialsAsync("reports-worker", ReportsSecret, "runs.read profiles.write accounts.read training.read");

        Assert.Equal(HttpStatusCode.OK, status);
        var token = TokenClient.Read(body.GetProperty("access_token").GetString()!);
        Assert.Equal(["data", "identity", "training"], token.Audiences.Order());
    }

    private async Task<HttpClient> ServiceClientAsync(string clientId, string secret, string scopes)
    {
        var client = await factory.CreateBrowserAsync();
        var (status, body) = await client.ClientCredentialsAsync(clientId, secret, scopes);
        Assert.Equal(HttpStatusCode.OK, status);
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("access_token").GetString());
        return client;
    }

    private async Task<(string, string)> IdsAsync(string first, string second)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        return ((await users.FindByEmailAsync(first))!.Id, (await users.FindByEmailAsync(second))!.Id);
    }
}
