using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Runnerly.Gateway.Tests;

/// <summary>
/// A gateway instance on real Kestrel in front of the stand-in services, with its counters in
/// the given Redis and the given settings over its appsettings.json.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly Upstreams upstreams;
    private readonly string redis;
    private readonly IReadOnlyDictionary<string, string?>? settings;

    public GatewayFactory(Upstreams upstreams, string redis, IReadOnlyDictionary<string, string?>? settings = null)
    {
        this.upstreams = upstreams;
        this.redis = redis;
        this.settings = settings;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:redis", redis);
        builder.UseSetting("ReverseProxy:Clusters:identity:Destinations:identity:Address", upstreams.Identity.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:data:Destinations:data:Address", upstreams.Data.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:strava:Destinations:strava:Address", upstreams.Strava.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:training:Destinations:training:Address", upstreams.Training.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:reports:Destinations:reports:Address", upstreams.Reports.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:web:Destinations:web:Address", upstreams.Web.Address.ToString());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// A client whose requests the gateway sees as coming from <paramref name="clientAddress"/>
    /// (through a trusted proxy), once the gateway reports its limits shared through Redis.
    /// </summary>
    public async Task<HttpClient> CreateClientFromAsync(string clientAddress)
    {
        StartServer();
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await client.GetStringAsync("/health", timeout.Token) != "Healthy")
        {
            await Task.Delay(50, timeout.Token);
        }

        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }

    /// <summary>Settings leaving a service's destination to service discovery, which knows none: the service is absent.</summary>
    public static Dictionary<string, string?> Absent(params string[] services) => services.ToDictionary(
        service => $"ReverseProxy:Clusters:{service}:Destinations:{service}:Address", string? (service) => $"https+http://{service}");

    /// <summary>A client address no other test uses, so tests sharing one Redis never share a bucket.</summary>
    public static string NewClientAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
}

/// <summary>The stand-ins for the services behind the gateway, shared by the tests of a class.</summary>
public sealed class Upstreams : IAsyncLifetime
{
    public Upstream Identity { get; private set; } = null!;

    public Upstream Data { get; private set; } = null!;

    public Upstream Strava { get; private set; } = null!;

    public Upstream Training { get; private set; } = null!;

    public Upstream Reports { get; private set; } = null!;

    public Upstream Web { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Identity = await Upstream.StartAsync("identity");
        Data = await Upstream.StartAsync("data");
        Strava = await Upstream.StartAsync("strava");
        Training = await Upstream.StartAsync("training");
        Reports = await Upstream.StartAsync("reports");
        Web = await Upstream.StartAsync("web");
    }

    public async Task DisposeAsync()
    {
        await Identity.DisposeAsync();
        await Data.DisposeAsync();
        await Strava.DisposeAsync();
        await Training.DisposeAsync();
        await Reports.DisposeAsync();
        await Web.DisposeAsync();
    }
}
