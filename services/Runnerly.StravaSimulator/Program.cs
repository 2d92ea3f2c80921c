using System.Text.Json;
using Runnerly.StravaSimulator;
using Runnerly.StravaSimulator.Apis;
using Runnerly.StravaSimulator.Infrastructure;

// A faithful local stand-in for Strava's OAuth and API v3, for development and tests only.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<StravaWorld>();
builder.Services.AddSingleton<RateLimitCounters>();
builder.Services.AddSingleton<PushSubscriptions>();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOAuthApi();
app.MapApiV3();
app.MapPushSubscriptionsApi();
app.MapSimulationApi();

app.Run();

public partial class Program;
