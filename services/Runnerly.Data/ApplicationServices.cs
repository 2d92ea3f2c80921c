using Microsoft.Extensions.DependencyInjection.Extensions;
using Runnerly.Data.Apis;
using Runnerly.Data.Infrastructure;

namespace Runnerly.Data;

internal static class ApplicationServices
{
    public const string DatabaseConnectionName = "datadb";
    public const string RedisConnectionName = "redis";
    public const string Audience = "data";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<DataDbContext>(DatabaseConnectionName);
        builder.AddDatabaseMigrations<DataDbContext>();
        builder.AddWriteConflictAnswers();
        builder.AddRedisClient(RedisConnectionName);
        builder.AddApiAuthentication(Audience);
        builder.Services.AddAuthorizationBuilder()
            .AddScopePolicy(RunsApi.RunnerPolicy, "api")
            .AddScopePolicy(RunnersApi.ReadRunsPolicy, "runs.read")
            .AddScopePolicy(RunnersApi.WriteRunsPolicy, "runs.write")
            .AddScopePolicy(RunnersApi.WriteProfilesPolicy, "profiles.write")
            .AddScopePolicy(RunnersApi.DeleteRunnersPolicy, "runners.delete");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddRunnerChangeNotices<RunChangeNotifier>();
        builder.Services.AddSingleton<TimeZoneCatalog>();
        builder.Services.AddResponseCompression();
        builder.Services.AddOpenApi();
        return builder;
    }
}
