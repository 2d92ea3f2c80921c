using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runnerly.Strava.Apis;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.StravaApi;

namespace Microsoft.Extensions.Hosting;

internal static class ApplicationServices
{
    public const string DatabaseConnectionName = "stravadb";
    public const string Audience = "strava";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<StravaDbContext>(DatabaseConnectionName);
        builder.AddDatabaseMigrations<StravaDbContext>();
        builder.AddRedisClient("redis");
        builder.AddApiAuthentication(Audience);
        builder.Services.AddAuthorizationBuilder()
            .AddScopePolicy(LinkApi.RunnerPolicy, "api")
            .AddScopePolicy(RunnersApi.DeleteRunnersPolicy, "runners.delete");
        builder.Services.AddDataProtection().SetApplicationName("Runnerly.Strava").PersistKeysToDbContext<StravaDbContext>();
        builder.Services.AddSingleton<TokenProtector>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<StravaOptions>().BindConfiguration(StravaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<StravaLinkOptions>().BindConfiguration(StravaLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StravaBudget>();

#pragma warning disable EXTEXP0001 // Retrying on its own would spend requests the shared budget never granted: sync jobs retry through the budget.
        builder.Services.AddHttpClient<StravaClient>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
