using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Runnerly.Reports.Apis;
using Runnerly.Reports.Clients;
using Runnerly.Reports.Composition;
using Runnerly.Reports.Delivery;
using Runnerly.Reports.Infrastructure;
using Runnerly.Reports.Scheduling;

namespace Runnerly.Reports;

internal static class ApplicationServices
{
    public const string DatabaseConnectionName = "reportsdb";
    public const string Audience = "reports";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ReportsDbContext>(DatabaseConnectionName);
        builder.AddDatabaseMigrations<ReportsDbContext>();
        builder.AddWriteConflictAnswers();
        builder.AddApiAuthentication(Audience);
        builder.Services.AddAuthorizationBuilder()
            .AddScopePolicy(ReportsApi.RunnerPolicy, "api")
            .AddScopePolicy(RunnersApi.DeleteRunnersPolicy, "runners.delete");

        builder.Services.AddOptions<ReportsOptions>().BindConfiguration(ReportsOptions.Section)
            .Validate(o => o.Workers is >= 1 and <= 64, "Reports:Workers must be between 1 and 64.")
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _), "Reports:PublicUrl must be an absolute URL.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ReportsOptions>>().Value);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IDeliveryProbe, NoDeliveryProbe>();

        // The other services, each called with the reports-worker's own service token.
        builder.Services.AddHttpClient<DataClient>(http => http.BaseAddress = new Uri("https+http://data")).AddServiceToken();
        builder.Services.AddHttpClient<IdentityClient>(http => http.BaseAddress = new Uri("https+http://identity")).AddServiceToken();
        // Training is optional for a report: a short budget, so a training service that is down costs seconds, not minutes.
#pragma warning disable EXTEXP0001 // replacing the default resilience handler for this one client
        builder.Services.AddHttpClient<TrainingClient>(http => http.BaseAddress = new Uri("https+http://training"))
            .AddServiceToken()
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.Retry.MaxRetryAttempts = 1;
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(12);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            });
#pragma warning restore EXTEXP0001

        builder.Services.AddSingleton<ReportsTelemetry>();
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddSingleton<ReportLinkBuilder>();
        builder.Services.AddSingleton<ReportComposer>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<ReportSignal>();
        builder.Services.AddSingleton<ReportProcessor>();
        builder.Services.AddSingleton<DueSweep>();
        builder.Services.AddHostedService<ReportWorker>();
        builder.AddReportScheduler(DatabaseConnectionName);

        builder.Services.AddOpenApi();
        return builder;
    }
}
