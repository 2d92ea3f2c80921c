using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Testing;

namespace Runnerly.AppHost.Tests;

/// <summary>
/// The whole application in local mode (no containers), on throw-away data, started once for the
/// tests that share it; they begin only once every resource is healthy, so start-up (slow on a busy
/// machine) counts against its own budget, not theirs.
/// </summary>
public sealed class LocalAppFixture : IAsyncLifetime
{
    /// <summary>Minutes the app may take to start: <c>RUNNERLY_TEST_START_MINUTES</c>, 10 by default.</summary>
    public static TimeSpan StartBudget { get; } = TimeSpan.FromMinutes(
        double.TryParse(Environment.GetEnvironmentVariable("RUNNERLY_TEST_START_MINUTES"), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? minutes
            : 10);

    private readonly TemporaryDirectory _dataDirectory = new("runnerly-apphost-test-");
    private bool _stopped;

    public DistributedApplication App { get; private set; } = null!;

    public DistributedApplicationModel Model => App.Services.GetRequiredService<DistributedApplicationModel>();

    /// <summary>The resources a runner's app is made of: no parameters, nor Aspire's hidden helpers (such as a project's rebuilder, which never starts by itself).</summary>
    public IReadOnlyList<IResource> Resources => Model.Resources
        .Where(r => r is not ParameterResource && !(App.ResourceNotifications.TryGetCurrentState(r.Name, out var state) && state.Snapshot.IsHidden))
        .ToList();

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Runnerly_AppHost>(
        [
            "Runnerly:Infra=local",
            $"Runnerly:DataDirectory={_dataDirectory.Path}",
        ]);
        App = await builder.BuildAsync();
        try
        {
            using var timeout = new CancellationTokenSource(StartBudget);
            await App.StartAsync(timeout.Token);
            foreach (var resource in Resources)
            {
                try
                {
                    await App.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, timeout.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    throw new TimeoutException($"'{resource.Name}' was not healthy {StartBudget} after the start (RUNNERLY_TEST_START_MINUTES gives more time).");
                }
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
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
        if (_stopped)
        {
            return;
        }

        _stopped = true;
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
