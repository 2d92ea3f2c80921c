using Runnerly.Gateway;
using Runnerly.Gateway.Apis;
using Runnerly.Gateway.Hardening;
using Runnerly.Gateway.Proxy;
using Runnerly.Gateway.RateLimiting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(instrumentRequests: false);
builder.AddApplicationServices();

var app = builder.Build();

app.UseEdgeRequestSpans();
app.UseServiceDefaults();
app.UseRequestHardening();
app.UseGatewayRateLimits();

app.MapDefaultEndpoints();
app.MapServiceOnlyPathsApi();
app.MapGatewayProxy();

app.Run();

public partial class Program;
