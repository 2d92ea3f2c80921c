using Runnerly.Identity;
using Runnerly.Identity.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseInputRules();
app.UseServiceDefaults();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapRazorPages();
app.MapConnectApi();
app.MapAccountsApi();

app.Run();

public partial class Program;
