using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using StackExchange.Redis;

namespace Runnerly.AppHost.Tests;

public sealed class LocalModeTests(LocalAppFixture fixture) : IClassFixture<LocalAppFixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_resource_becomes_healthy()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var resources = fixture.Model.Resources.Where(r => r is not ParameterResource && !IsHidden(r)).ToList();
        Assert.Contains(resources, r => r.Name == "postgres");
        Assert.Contains(resources, r => r.Name == "datadb");
        Assert.Contains(resources, r => r.Name == "identitydb");
        Assert.Contains(resources, r => r.Name == "identity");
        Assert.Contains(resources, r => r.Name == "data");
        Assert.Contains(resources, r => r.Name == "redis");
        Assert.Contains(resources, r => r.Name == "mail");

        foreach (var resource in resources)
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, timeout.Token);
        }
    }

    // Aspire's own helpers (such as a project's rebuilder) are hidden from the dashboard and never start by themselves.
    private bool IsHidden(IResource resource) =>
        fixture.App.ResourceNotifications.TryGetCurrentState(resource.Name, out var state) && state.Snapshot.IsHidden;

    [Fact]
    public async Task Every_service_answers_health_and_alive()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var services = fixture.Model.Resources.OfType<ProjectResource>().ToList();
        Assert.NotEmpty(services);

        foreach (var service in services)
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(service.Name, timeout.Token);
            using var client = fixture.App.CreateHttpClient(service.Name);

            using var health = await client.GetAsync("/health", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var alive = await client.GetAsync("/alive", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
    }

    [Fact]
    public async Task Databases_redis_and_mail_accept_connections()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("datadb", timeout.Token);
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token);
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("mail", timeout.Token);

        await using (var postgres = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync("datadb", timeout.Token)))
        {
            await postgres.OpenAsync(timeout.Token);
            Assert.Equal("datadb", postgres.Database);
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync((await fixture.App.GetConnectionStringAsync("redis", timeout.Token))!))
        {
            var key = $"apphost-test:{Guid.NewGuid():N}";
            Assert.True(await redis.GetDatabase().StringSetAsync(key, "42", TimeSpan.FromMinutes(1)));
            Assert.Equal("42", (string?)await redis.GetDatabase().StringGetAsync(key));
        }

        using var mail = fixture.App.CreateHttpClient("mail", "http");
        using var messages = await mail.GetAsync("/api/messages", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        Assert.NotNull(await messages.Content.ReadFromJsonAsync<object>(timeout.Token));
    }

    [Fact]
    public async Task Signing_up_through_the_running_app_delivers_the_confirmation_email()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("identity", timeout.Token);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new(), AllowAutoRedirect = false })
        {
            BaseAddress = fixture.App.GetEndpoint("identity", "http"),
        };
        var email = $"runner-{Guid.NewGuid():N}@example.test";

        var form = await browser.GetStringAsync("/identity/sign-up", timeout.Token);
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signUp = await browser.PostAsync("/identity/sign-up", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = "correct horse battery staple",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);

        using var mail = fixture.App.CreateHttpClient("mail", "http");
        while (true)
        {
            var messages = await mail.GetStringAsync("/api/messages?pageSize=1000", timeout.Token);
            if (messages.Contains(email, StringComparison.OrdinalIgnoreCase))
            {
                Assert.Contains("Confirm your Runnerly account", messages);
                return;
            }

            await Task.Delay(200, timeout.Token);
        }
    }
}
