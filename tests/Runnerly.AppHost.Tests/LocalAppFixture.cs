using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Testing;

namespace Runnerly.AppHost.Tests;

/// <summary>
/// The whole application in local mode (no containers), on throw-away data,
/// started once for the tests that share it.
/// </summary>
public sealed class LocalAppFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _dataDirectory = new("runnerly-apphost-test-");

    public DistributedApplication App { get; private set; } = null!;

    public DistributedApplicationModel Model => App.Services.GetRequiredService<DistributedApplicationModel>();

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Runnerly_AppHost>(
        [
            "Runnerly:Infra=local",
            $"Runnerly:DataDirectory={_dataDirectory.Path}",
        ]);
        App = await builder.BuildAsync();
        await App.StartAsync();
    }

    /// <summary>How many push subscriptions strava-sim holds (the strava service creates one at start-up).</summary>
    public async Task<int> StravaPushSubscriptionsAsync(CancellationToken cancellationToken)
    {
        var secret = await Model.Resources.OfType<ParameterResource>().Single(p => p.Name == "strava-sim-client-secret").GetValueAsync(cancellationToken);
        using var strava = App.CreateHttpClient("strava-sim", "http");
        using var subscriptions = System.Text.Json.JsonDocument.Parse(
            await strava.GetStringAsync($"/api/v3/push_subscriptions?client_id=12345&client_secret={secret}", cancellationToken));
        return subscriptions.RootElement.GetArrayLength();
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _dataDirectory.Dispose();
    }
}

/// <summary>The whole-app tests share one running app, one class after another.</summary>
[CollectionDefinition(Name)]
public sealed class LocalAppCollection : ICollectionFixture<LocalAppFixture>
{
    public const string Name = "local app";
}
