using System.Net;
using System.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Identity.Accounts;
using Runnerly.Identity.Infrastructure;

namespace Runnerly.Identity.Tests;

/// <summary>A deleted account stays deleted, even for an app still holding one of its access tokens.</summary>
public sealed class AccountDeletionTests(ClockedIdentityServiceFactory factory) : IClassFixture<ClockedIdentityServiceFactory>
{
    [Fact]
    public async Task A_run_written_with_a_token_from_before_the_deletion_is_deleted_once_every_such_token_has_expired()
    {
        await using var data = await TestApi.StartAsync(factory, "data");
        factory.RunnerDataServices = data.Handler;
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        (await browser.SignInAsync(email, Runners.GoodPassword)).Dispose();
        var accessToken = await MobileAccessTokenAsync(browser);
        Assert.Equal(HttpStatusCode.Created, (await WriteRunAsync(data, accessToken)).StatusCode);

        using var deleted = await browser.SubmitAsync("/identity/account", new Dictionary<string, string> { ["DeletePassword"] = Runners.GoodPassword }, action: "/identity/account?handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var runner = TokenClient.Read(accessToken).Subject;
        var firstPass = await UntilAsync(deletion => deletion.FirstPassAt is not null, runner);
        Assert.False(data.Runs.ContainsKey(runner));
        Assert.Null(firstPass.CompletedAt);

        // The app still holds a token that has not expired: the write lands after the first pass.
        Assert.Equal(HttpStatusCode.Created, (await WriteRunAsync(data, accessToken)).StatusCode);
        Assert.Equal(1, data.Runs[runner]);

        // Just before the last such token expires (plus the margin), nothing happens yet.
        factory.Clock!.Advance(firstPass.NextAttemptAt - factory.Clock.GetUtcNow() - TimeSpan.FromSeconds(2));
        await Task.Delay(300);
        Assert.Equal(1, data.Runs[runner]);

        var done = await UntilAsync(deletion => deletion.CompletedAt is not null, runner);
        Assert.False(data.Runs.ContainsKey(runner));
        Assert.Equal(2, data.DeletedRunners.Count(id => id == runner));
        Assert.True(done.CompletedAt >= firstPass.CreatedAt + TimeSpan.FromMinutes(15) + AccountDeletionWorker.SecondPassMargin);
    }

    private static async Task<HttpResponseMessage> WriteRunAsync(TestApi data, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs");
        request.Headers.Authorization = new("Bearer", accessToken);
        return await data.Client.SendAsync(request);
    }

    /// <summary>Waits for the deletion queued for <paramref name="runner"/>, moving the worker's clock a second at a time so it looks.</summary>
    private async Task<AccountDeletion> UntilAsync(Func<AccountDeletion, bool> reached, string runner)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
                var deletion = await db.AccountDeletions.AsNoTracking().SingleOrDefaultAsync(d => d.UserId == runner, timeout.Token);
                if (deletion is not null && reached(deletion))
                {
                    return deletion;
                }
            }

            factory.Clock!.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>The signed-in runner's access token, as the mobile app gets it (code flow, PKCE S256).</summary>
    private static async Task<string> MobileAccessTokenAsync(HttpClient browser)
    {
        var (verifier, challenge) = TokenClient.NewPkce();
        using var authorize = await browser.GetAsync("/connect/authorize" + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = "mobile",
            ["response_type"] = "code",
            ["redirect_uri"] = "runnerly://signed-in",
            ["scope"] = "openid api",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }));
        var (status, tokens) = await TokenClient.PostAsync(browser, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "mobile",
            ["code"] = HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["code"]!,
            ["redirect_uri"] = "runnerly://signed-in",
            ["code_verifier"] = verifier,
        });
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens.GetProperty("access_token").GetString()!;
    }
}
