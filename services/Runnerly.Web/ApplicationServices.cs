using Runnerly.Web;
using Runnerly.Web.Clients;

namespace Microsoft.Extensions.Hosting;

internal static class ApplicationServices
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRunnerSignIn();
        builder.Services.AddRazorComponents();
        builder.Services.AddTransient<RunnerAccessTokenHandler>();
        builder.Services.AddHttpClient<DataApi>(http => http.BaseAddress = new Uri("https+http://data")).AddHttpMessageHandler<RunnerAccessTokenHandler>();
        builder.Services.AddHttpClient<StravaApi>(http => http.BaseAddress = new Uri("https+http://strava")).AddHttpMessageHandler<RunnerAccessTokenHandler>();
    }
}
