using System.Net;
using System.Net.Http.Json;

namespace Runnerly.Reports.Clients;

/// <summary>
/// The training service's month summary (scope <c>training.read</c>): fitness, the next race and
/// the plan. Optional for a report: when training has nothing, is not deployed or does not
/// answer, the report goes out without that section.
/// </summary>
internal sealed class TrainingClient(HttpClient http, ILogger<TrainingClient> logger)
{
    public async Task<TrainingMonth?> MonthAsync(string runnerId, int year, int month, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"/api/runners/{Uri.EscapeDataString(runnerId)}/month-summary/{year}/{month}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<TrainingMonth>(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("The training summary of {Year}-{Month:00} could not be had ({Error}); the report goes without it", year, month, ex.Message);
            return null;
        }
    }
}

internal sealed record TrainingMonth(double? Vdot, double? VdotMonthBefore, NextRace? NextRace, PlanCompliance? Plan);

internal sealed record NextRace(Guid Id, string Name, DateOnly Date, double DistanceMeters, DateTimeOffset? StartsAt);

internal sealed record PlanCompliance(string RaceName, int Done, int PartlyDone, int Missed);
