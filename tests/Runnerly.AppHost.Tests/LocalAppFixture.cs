using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Testing;

// Two whole apps at once would share this machine's cores and each start slower; the collections take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Runnerly.AppHost.Tests;

/// <summary>
/// The whole application in local mode (no containers), on throw-away data, started once for the
/// tests that share it; they begin only once every resource is healthy, so start-up (slow on a busy
/// machine) counts against its own budget, not theirs.
/// </summary>
public class LocalAppFixture : IAsyncLifetime
{
    /// <summary>Minutes the app may take to start: <c>RUNNERLY_TEST_START_MINUTES</c>, 10 by default.</summary>
    public static TimeSpan StartBudget { get; } = TimeSpan.FromMinutes(
        double.TryParse(Environment.GetEnvironmentVariable("RUNNERLY_TEST_START_MINUTES"), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? minutes
            : 10);

    /// <summary>Copies of each service (<c>Runnerly:Replicas</c>).</summary>
    public virtual int Replicas => 1;

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
            $"Runnerly:Replicas={Replicas}",
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

    /// <summary>The runner's id (the tokens' <c>sub</c>, the key of their data everywhere) by their email.</summary>
    public async Task<string> RunnerIdAsync(string email, CancellationToken cancellationToken)
    {
        await using var identitydb = new Npgsql.NpgsqlConnection(await App.GetConnectionStringAsync("identitydb", cancellationToken));
        await identitydb.OpenAsync(cancellationToken);
        await using var user = new Npgsql.NpgsqlCommand("SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"NormalizedEmail\" = upper(@email)", identitydb);
        user.Parameters.AddWithValue("email", email);
        return (string?)await user.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException($"No account for {email}.");
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

/// <summary>The whole app with two copies of every service (strava-sim aside), as a runner must never notice.</summary>
public sealed class TwoReplicasAppFixture : LocalAppFixture
{
    public override int Replicas => 2;
}

/// <summary>The whole-app tests with two replicas share their own running app.</summary>
[CollectionDefinition(Name)]
public sealed class TwoReplicasCollection : ICollectionFixture<TwoReplicasAppFixture>
{
    public const string Name = "two replicas";
}

/// <summary>The whole-app tests share one running app, one class after another.</summary>
[CollectionDefinition(Name)]
public sealed class LocalAppCollection : ICollectionFixture<LocalAppFixture>
{
    public const string Name = "local app";
}
