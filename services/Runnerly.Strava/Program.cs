using Runnerly.Strava;
using Runnerly.Strava.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapLinkApi();
app.MapRunnersApi();
app.MapWebhookApi();

app.Run();

public partial class Program;
