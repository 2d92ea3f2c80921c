using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Runnerly.Gateway.Tests;

/// <summary>
/// A gateway instance on real Kestrel in front of the stand-in services, with its counters in
/// the given Redis and the given settings over its appsettings.json. Its clock stands still
/// unless the test moves it, so buckets neither refill nor let spare tokens expire mid-test;
/// loopback is its trusted proxy unless <paramref name="trustLoopbackProxy"/> is false.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly Upstreams upstreams;
    private readonly string redis;
    private readonly IReadOnlyDictionary<string, string?>? settings;
    private readonly bool trustLoopbackProxy;
    private readonly Action<IServiceCollection>? testServices;
    private MetricCollector<long>? _localDecisions;
    private MetricCollector<long>? _redisCalls;

    public GatewayFactory(Upstreams upstreams, string redis, IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? clock = null, bool trustLoopbackProxy = true, Action<IServiceCollection>? testServices = null)
    {
        this.testServices = testServices;
        this.upstreams = upstreams;
        this.redis = redis;
        this.settings = settings;
        this.trustLoopbackProxy = trustLoopbackProxy;
        Clock = clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Kestrel without a port from the factory: given one, the factory rewrites the server's addresses after the
        // build, racing Kestrel's own bind ("Addresses cannot be modified after the server has started"). The port
        // comes from the URL below instead, before anything starts.
        UseKestrel();
    }

    public TimeProvider Clock { get; }

    /// <summary>
    /// Limit decisions this instance took alone because Redis did not answer in time: a test
    /// expecting a 429 from the shared bucket checks it is 0, so a Redis hiccup shows as such.
    /// </summary>
    public long LocalDecisions => _localDecisions?.GetMeasurementSnapshot().EvaluateAsCounter() ?? 0;

    /// <summary>Calls to Redis for tokens since the first client was created.</summary>
    public long RedisCalls => _redisCalls?.GetMeasurementSnapshot().EvaluateAsCounter() ?? 0;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseUrls("http://127.0.0.1:0");
        builder.UseSetting("ConnectionStrings:redis", redis);
        builder.UseSetting("ReverseProxy:Clusters:identity:Destinations:identity:Address", upstreams.Identity.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:data:Destinations:data:Address", upstreams.Data.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:strava:Destinations:strava:Address", upstreams.Strava.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:training:Destinations:training:Address", upstreams.Training.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:reports:Destinations:reports:Address", upstreams.Reports.Address.ToString());
        builder.UseSetting("ReverseProxy:Clusters:web:Destinations:web:Address", upstreams.Web.Address.ToString());
        if (trustLoopbackProxy)
        {
            builder.UseSetting("Gateway:TrustedProxyNetworks:0", "127.0.0.0/8");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Clock);
            // A first script call on a new connection can take longer than the deployed 500 ms on a
            // busy machine; the tests want Redis's decisions, not the fallback's.
            services.PostConfigure<ConfigurationOptions>(options =>
            {
                options.AsyncTimeout = 10_000;
                options.SyncTimeout = 10_000;
                options.ConnectTimeout = 10_000;
            });
            testServices?.Invoke(services);
        });
    }

    /// <summary>
    /// A client whose requests the gateway sees as coming from <paramref name="clientAddress"/>
    /// (through a trusted proxy), once the gateway reports its limits shared through Redis.
    /// </summary>
    public async Task<HttpClient> CreateClientFromAsync(string clientAddress)
    {
        StartServer();
        _localDecisions ??= new MetricCollector<long>(Services.GetRequiredService<IMeterFactory>(),
            "Runnerly.Gateway", "runnerly.gateway.limiter.local_decisions");
        _redisCalls ??= new MetricCollector<long>(Services.GetRequiredService<IMeterFactory>(),
            "Runnerly.Gateway", "runnerly.gateway.limiter.redis_calls");
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

    public override async ValueTask DisposeAsync()
    {
        _localDecisions?.Dispose();
        _redisCalls?.Dispose();
        await base.DisposeAsync();
    }
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
