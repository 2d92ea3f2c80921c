using Microsoft.Extensions.DependencyInjection.Extensions;
using Runnerly.Training.Apis;
using Runnerly.Training.Clients;
using Runnerly.Training.Fitness;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Plans;
using Runnerly.Training.Races;

namespace Runnerly.Training;

internal static class ApplicationServices
{
    public const string DatabaseConnectionName = "trainingdb";
    public const string RedisConnectionName = "redis";
    public const string Audience = "training";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<TrainingDbContext>(DatabaseConnectionName);
        builder.AddDatabaseMigrations<TrainingDbContext>();
        builder.AddWriteConflictAnswers();
        builder.AddRedisClient(RedisConnectionName);
        builder.AddRunnerChangeNotices<TrainingChangeNotifier>();
        builder.AddApiAuthentication(Audience);
        builder.Services.AddAuthorizationBuilder()
            .AddScopePolicy(RacesApi.RunnerPolicy, "api")
            .AddScopePolicy(RunnersApi.DeleteRunnersPolicy, "runners.delete")
            .AddScopePolicy(RunnersApi.ReadTrainingPolicy, "training.read");
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<DataServiceClient>(http => http.BaseAddress = new Uri("https+http://data")).AddServiceToken();
        builder.Services.AddScoped<RaceResults>();
        builder.Services.AddScoped<PlanMaker>();
        builder.Services.AddScoped<MonthSummaries>();
        builder.Services.AddOpenApi();
        return builder;
    }
}
