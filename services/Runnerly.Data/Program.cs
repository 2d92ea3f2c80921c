using Runnerly.Data;
using Runnerly.Data.Apis;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseResponseCompression();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference(); // the API explorer at /scalar
}

app.MapProfileApi();
app.MapRunsApi();
app.MapStatsApi();
app.MapRunnersApi();
app.MapMonthlySummariesApi();

app.Run();

public partial class Program;
