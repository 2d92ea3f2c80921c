using System.Text.Json;
using Runnerly.StravaSimulator.World;

namespace Runnerly.StravaSimulator;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StravaWorld>();
        builder.Services.AddSingleton<RateLimitCounters>();
        builder.Services.AddSingleton<PushSubscriptions>();
        // Strava's JSON is snake_case.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        return builder;
    }
}
