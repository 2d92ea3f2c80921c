using Runnerly.Strava.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();

app.MapLinkApi();
app.MapRunnersApi();
app.MapWebhookApi();

app.Run();

public partial class Program;
