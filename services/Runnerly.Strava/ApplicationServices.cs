using Runnerly.Strava.StravaApi;

namespace Microsoft.Extensions.Hosting;

internal static class ApplicationServices
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("redis");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<StravaOptions>().BindConfiguration(StravaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StravaBudget>();

#pragma warning disable EXTEXP0001 // Retrying on its own would spend requests the shared budget never granted: sync jobs retry through the budget.
        builder.Services.AddHttpClient<StravaClient>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
