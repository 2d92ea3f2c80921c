using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Runnerly service shares: telemetry, health endpoints, service discovery,
/// resilient HTTP clients, ProblemDetails and forwarded headers.
/// </summary>
public static class Extensions
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";
    public const string LiveTag = "live";

    /// <param name="instrumentRequests">
    /// False for a service that starts its own request spans: the gateway, which records a few requests in a hundred and
    /// must not pay for tracing the others (see its <c>EdgeRequestSpans</c>).
    /// </param>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, bool instrumentRequests = true) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry(instrumentRequests);
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // A request the framework cannot bind (a malformed date, broken JSON) gets a 400 that names
        // the field that was wrong, not a bare "Bad Request".
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemPageForBrowsers>(); // before ASP.NET Core's, which would answer a browser JSON
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                BadRequests.Describe(context, bad);
            }
            else if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                BadRequests.DescribeUnsupportedMediaType(context);
            }
        });
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonForAnyClient>(); // after ASP.NET Core's: the fallback

        // Numbers are JSON numbers: "NaN", "Infinity" or "12" in quotes would pass range checks
        // (every comparison with NaN is false) and poison every later read.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Only the gateway (a loopback or cluster-local peer) is trusted to forward.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder, bool instrumentRequests = true) where TBuilder : IHostApplicationBuilder
    {
        // For every outgoing call, HttpClient logs four Information lines and Polly (the resilience handler) one more:
        // under load, thousands a second, each written to the console, captured by the orchestrator and stored by the
        // dashboard, for what the traces and metrics record already. Retries and failures are warnings and still show.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Runnerly.*"))
            .WithTracing(tracing =>
            {
                tracing
                    .SetSampler(TraceSampling.FollowCaller())
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource("Runnerly.*");
                if (instrumentRequests)
                {
                    tracing
                        .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsHealthRequest(context.Request.Path))
                        .AddHttpClientInstrumentation();
                }
            });

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// The middleware every service wants first: forwarded headers (only from the gateway, a
    /// loopback or cluster-local peer), ProblemDetails for unhandled errors, and for bare status
    /// codes, and a 4xx for input no endpoint can read (an unknown charset, NUL in a query).
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestInputRules();
        return app;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: every check, the database and Redis included) and
    /// <c>/alive</c> (live: the process answers) in every environment.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath).Add(RunChecksToTheEnd);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
        }).Add(RunChecksToTheEnd);

        return app;
    }

    /// <summary>
    /// A probe that gives up (on a busy machine at start-up) does not cancel the checks: a database check cancelled
    /// halfway reports Unhealthy and logs an error, which reads as an outage. The checks end on their clients' timeouts.
    /// </summary>
    private static void RunChecksToTheEnd(EndpointBuilder endpoint)
    {
        var checks = endpoint.RequestDelegate ?? throw new InvalidOperationException($"{endpoint.DisplayName} has no request delegate.");
        endpoint.RequestDelegate = context =>
        {
            context.RequestAborted = CancellationToken.None;
            return checks(context);
        };
    }

    public static bool IsHealthRequest(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath);
}
