using Runnerly.Web;
using Runnerly.Web.Apis;
using Runnerly.Web.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseErrorPages();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapSignInApi();
app.MapStravaConnectionApi();
app.MapRunChangesApi();
app.MapTimeZoneApi();
app.MapReportEmailApi();
app.MapRazorComponents<App>();

app.Run();

public partial class Program;
