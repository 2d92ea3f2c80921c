using Runnerly.Gateway;
using Runnerly.Gateway.Hardening;
using Runnerly.Gateway.RateLimiting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseRequestHardening();
app.UseGatewayRateLimits();
app.MapReverseProxy(proxy => proxy.UseTimedProxyPipeline());

app.Run();

public partial class Program;
