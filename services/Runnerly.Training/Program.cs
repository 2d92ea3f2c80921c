using Runnerly.Training;
using Runnerly.Training.Apis;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference(); // the API explorer at /scalar
}

app.MapRacesApi();
app.MapRaceResultsApi();
app.MapFitnessApi();
app.MapPlansApi();
app.MapCalendarApi();
app.MapRunnersApi();

app.Run();

public partial class Program;
