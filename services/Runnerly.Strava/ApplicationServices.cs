using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runnerly.Strava.Apis;
using Runnerly.Strava.Clients;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Sync;

namespace Runnerly.Strava;

internal static class ApplicationServices
{
    public const string DatabaseConnectionName = "stravadb";
    private const long FirstKeyLock = 0x5275_6E6E_6572_4B01; // the replicas' lock for the key ring's first key
    public const string Audience = "strava";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<StravaDbContext>(DatabaseConnectionName);
        builder.AddDatabaseMigrations<StravaDbContext>();
        builder.AddWriteConflictAnswers();
        builder.AddRedisClient("redis");
        builder.AddRunnerChangeNotices<LinkChangeNotifier>();
        builder.AddApiAuthentication(Audience);
        builder.Services.AddAuthorizationBuilder()
            .AddScopePolicy(LinkApi.RunnerPolicy, "api")
            .AddScopePolicy(RunnersApi.DeleteRunnersPolicy, "runners.delete");
        builder.AddKeyRing("Runnerly.Strava").PersistKeysToDbContext<StravaDbContext>()
            .CreateFirstKeyOnce(AdvisoryLocks.InDatabaseOf<StravaDbContext>(FirstKeyLock));
        builder.Services.AddSingleton<TokenProtector>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<StravaOptions>().BindConfiguration(StravaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<StravaLinkOptions>().BindConfiguration(StravaLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StravaBudget>();
        builder.Services.AddOpenApi();

#pragma warning disable EXTEXP0001 // Retrying on its own would spend requests the shared budget never granted: sync jobs retry through the budget.
        builder.Services.AddHttpClient<StravaClient>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        builder.AddStravaSync();
        return builder;
    }

    /// <summary>The worker that imports runs into the data service and keeps them in sync.</summary>
    private static void AddStravaSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.Section);
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        builder.Services.AddHttpClient<DataServiceClient>(http => http.BaseAddress = new Uri("https+http://data"))
            .AddServiceToken();
        builder.Services.AddScoped<AthleteAccess>();
        builder.Services.AddScoped<LinkLease>();
        builder.Services.AddScoped<LinkStep>();
        builder.Services.AddScoped<WebhookEventQueue>();
        builder.Services.AddScoped<Disconnection>();
        builder.Services.AddScoped<RunnerSync>();
        builder.Services.AddSingleton<SyncEngine>();
        builder.Services.AddSingleton<SyncSignal>();
        if (builder.Configuration.GetValue(SyncOptions.Section + ":Enabled", true))
        {
            builder.Services.AddHostedService<SyncWorker>();
        }

        builder.Services.AddHostedService<PushSubscriptionRegistrar>();
    }
}
