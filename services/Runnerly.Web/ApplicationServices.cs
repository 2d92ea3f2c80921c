using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Runnerly.Web;
using Runnerly.Web.Clients;
using StackExchange.Redis;

namespace Runnerly.Web;

internal static class ApplicationServices
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Redis: the services' change notices (the dashboard's cache, an open dashboard), and the keys of the sign-in cookie, shared by every replica.
        builder.AddRedisClient("redis");
        builder.AddKeyRing("Runnerly.Web").CreateFirstKeyOnce(KeyRingLock.TakeAsync);
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), "runnerly:web:data-protection-keys"));
        builder.AddRunnerSignIn();
        builder.Services.AddRazorComponents();
        builder.Services.AddTransient<RunnerAccessTokenHandler>();
        builder.Services.AddTransient<RunnerWriteHandler>();
        // What the dashboard reads, kept per runner until the services' change notices (Clients/RunnerCache.cs).
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunnerCache>();
        builder.Services.AddHostedService<RunChangeListener>();
        builder.Services.AddScoped<DashboardReads>();
        builder.Services.AddHttpClient<DataApi>(http => http.BaseAddress = new Uri("https+http://data")).WithRunnerToken();
        builder.Services.AddHttpClient<StravaApi>(http => http.BaseAddress = new Uri("https+http://strava")).WithRunnerToken();
        // Races and fitness are cards beside the runs: when training is down, the dashboard says so at once instead of waiting out retries.
        builder.Services.AddHttpClient<TrainingApi>(http => http.BaseAddress = new Uri("https+http://training")).WithRunnerToken(options =>
        {
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(15);
        });
        // The reports pages have nothing else to show: when reports is down they say so at once rather than after seconds of back-off.
        builder.Services.AddHttpClient<ReportsApi>(http => http.BaseAddress = new Uri("https+http://reports")).WithRunnerToken(options =>
        {
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(20);
        });
    }

    /// <summary>
    /// The runner's token on each call; retries only for reads (a retried POST could add a run twice); a change drops what
    /// the dashboard kept for the runner.
    /// </summary>
    private static void WithRunnerToken(this IHttpClientBuilder client, Action<HttpStandardResilienceOptions>? resilience = null)
    {
#pragma warning disable EXTEXP0001 // replaces the default handler with one that leaves unsafe methods alone
        client.RemoveAllResilienceHandlers().AddStandardResilienceHandler(options =>
        {
            options.Retry.DisableForUnsafeHttpMethods();
            resilience?.Invoke(options);
        });
#pragma warning restore EXTEXP0001
        client.AddHttpMessageHandler<RunnerAccessTokenHandler>();
        client.AddHttpMessageHandler<RunnerWriteHandler>();
    }
}
