using System.Net;
using System.Net.Http.Json;

namespace Runnerly.Web.Clients;

public sealed partial class TrainingApi
{
    /// <summary>The runner's plans, active first.</summary>
    public async Task<List<PlanSummary>> PlansAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/plans", cancellationToken);
        return await ApiProblem.ReadAsync<List<PlanSummary>>(response, cancellationToken);
    }

    /// <summary>This week's sessions of the active plans, graded; empty without a plan.</summary>
    public async Task<List<WeekOfPlan>> ThisWeekAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/plans/this-week", cancellationToken);
        return await ApiProblem.ReadAsync<List<WeekOfPlan>>(response, cancellationToken);
    }

    /// <summary>The plan week by week; null when it is not the runner's (or not there).</summary>
    public async Task<PlanDetail?> PlanAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/plans/{id}", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ApiProblem.ReadAsync<PlanDetail>(response, cancellationToken);
    }

    /// <summary>Asks for a plan (joining the race if need be).</summary>
    public async Task<PlanOutcome> CreatePlanAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/plans", request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new PlanOutcome((await response.Content.ReadFromJsonAsync<PlanDetail>(cancellationToken))!.Id, new Dictionary<string, string>(), null, null);
        }

        var problem = await TrainingProblem.ReadAsync(response, cancellationToken);
        return new PlanOutcome(null, problem.FieldErrors, problem.FieldErrors.Count > 0 ? null : problem.Message, problem.PlanId);
    }

    /// <summary>Rebuilds the weeks from today, on other days when given; null when done, otherwise why not.</summary>
    public async Task<string?> ReplanAsync(Guid id, IReadOnlyList<string>? runDays, string? longRunDay, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/plans/{id}/replan", new { runDays, longRunDay }, cancellationToken);
        return response.IsSuccessStatusCode ? null : (await TrainingProblem.ReadAsync(response, cancellationToken)).Message;
    }

    /// <summary>A new calendar link; the old one stops working.</summary>
    public async Task<CalendarLinks> NewCalendarLinkAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/plans/{id}/calendar", null, cancellationToken);
        return await ApiProblem.ReadAsync<CalendarLinks>(response, cancellationToken);
    }

    /// <summary>Archives the plan: kept, read-only, its calendar link revoked.</summary>
    public async Task ArchivePlanAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/plans/{id}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await ApiProblem.EnsureAsync(response, cancellationToken);
        }
    }
}
