using Runnerly.StravaSimulator;
using Runnerly.StravaSimulator.Apis;

// A faithful local stand-in for Strava's OAuth and API v3, for development and tests only.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();

app.MapDefaultEndpoints();
app.MapOAuthApi();
app.MapApiV3();
app.MapPushSubscriptionsApi();
app.MapSimulationApi();

app.Run();

public partial class Program;
