using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Runnerly.Web;
using StackExchange.Redis;
using Runnerly.Web.Clients;

namespace Microsoft.Extensions.Hosting;

internal static class ApplicationServices
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Redis: the run-change notices an open dashboard follows, and the keys of the sign-in cookie, shared by every replica.
        builder.AddRedisClient("redis");
        builder.Services.AddDataProtection().SetApplicationName("Runnerly.Web");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), "runnerly:web:data-protection-keys"));
        builder.AddRunnerSignIn();
        builder.Services.AddRazorComponents();
        builder.Services.AddTransient<RunnerAccessTokenHandler>();
        builder.Services.AddHttpClient<DataApi>(http => http.BaseAddress = new Uri("https+http://data")).AddHttpMessageHandler<RunnerAccessTokenHandler>();
        builder.Services.AddHttpClient<StravaApi>(http => http.BaseAddress = new Uri("https+http://strava")).AddHttpMessageHandler<RunnerAccessTokenHandler>();
    }
}
