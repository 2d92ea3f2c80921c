using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Runnerly.Web.Clients;

/// <summary>The training service (races, fitness and plans), for the signed-in runner.</summary>
public sealed partial class TrainingApi(HttpClient http)
{
    public async Task<RacePage> RacesAsync(RaceFilter filter, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var path = QueryHelpers.AddQueryString("api/races", new Dictionary<string, string?>
        {
            ["when"] = filter.Past ? "past" : "upcoming",
            ["distance"] = filter.Distance,
            ["month"] = filter.Month,
            ["q"] = filter.Text,
            ["cursor"] = cursor,
            ["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var response = await http.GetAsync(path, cancellationToken);
        return await ApiProblem.ReadAsync<RacePage>(response, cancellationToken);
    }

    /// <summary>The races the runner joined: the next ones first, or the past ones latest first.</summary>
    public async Task<List<MyRace>> MyRacesAsync(bool past, int limit, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/races/mine?when={(past ? "past" : "upcoming")}&limit={limit}", cancellationToken);
        return await ApiProblem.ReadAsync<List<MyRace>>(response, cancellationToken);
    }

    public async Task<RaceDetail?> RaceAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/races/{id}", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ApiProblem.ReadAsync<RaceDetail>(response, cancellationToken);
    }

    /// <summary>Adds (no id) or changes a race; what became of it.</summary>
    public async Task<RaceSaveOutcome> SaveRaceAsync(Guid? id, RaceInput race, CancellationToken cancellationToken)
    {
        using var response = id is { } existing
            ? await http.PutAsJsonAsync($"api/races/{existing}", race, cancellationToken)
            : await http.PostAsJsonAsync("api/races", race, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new RaceSaveOutcome(id ?? (await response.Content.ReadFromJsonAsync<RaceDetail>(cancellationToken))!.Race.Id, null, new Dictionary<string, string>(), []);
        }

        var problem = await TrainingProblem.ReadAsync(response, cancellationToken);
        return new RaceSaveOutcome(null, problem.FieldErrors.Count > 0 ? null : problem.Message, problem.FieldErrors, problem.LookAlikes);
    }

    /// <summary>Null once deleted (or already gone); otherwise why not, such as other runners having joined.</summary>
    public async Task<string?> DeleteRaceAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/races/{id}", cancellationToken);
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound
            ? null
            : (await TrainingProblem.ReadAsync(response, cancellationToken)).Message;
    }

    /// <summary>"I'm running this", or a new goal; null when done, otherwise why not.</summary>
    public async Task<string?> JoinAsync(Guid id, string? goalTime, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"api/races/{id}/participation", new { goalTime }, cancellationToken);
        return response.IsSuccessStatusCode ? null : (await TrainingProblem.ReadAsync(response, cancellationToken)).Message;
    }

    public async Task LeaveAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/races/{id}/participation", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await ApiProblem.EnsureAsync(response, cancellationToken);
        }
    }

    /// <summary>That run is the runner's result, or none (null); null when done, otherwise why not.</summary>
    public async Task<string?> ChooseResultAsync(Guid id, Guid? runId, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"api/races/{id}/result", new { runId }, cancellationToken);
        return response.IsSuccessStatusCode ? null : (await TrainingProblem.ReadAsync(response, cancellationToken)).Message;
    }

    /// <summary>Hands the result back to the automatic match; null when done, otherwise why not.</summary>
    public async Task<string?> MatchResultAgainAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/races/{id}/result", cancellationToken);
        return response.IsSuccessStatusCode ? null : (await TrainingProblem.ReadAsync(response, cancellationToken)).Message;
    }

    public async Task<RaceSettings> RaceSettingsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/races/settings", cancellationToken);
        return await ApiProblem.ReadAsync<RaceSettings>(response, cancellationToken);
    }

    /// <summary>Null when saved, otherwise why not.</summary>
    public async Task<string?> SaveRaceSettingsAsync(RaceSettings settings, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync("api/races/settings", settings, cancellationToken);
        return response.IsSuccessStatusCode ? null : (await TrainingProblem.ReadAsync(response, cancellationToken)).Message;
    }

    public async Task<FitnessReport> FitnessAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/fitness", cancellationToken);
        return await ApiProblem.ReadAsync<FitnessReport>(response, cancellationToken);
    }
}

/// <summary>A race saved (its id), or why not: errors by field (the API's names), look-alikes already in the calendar, or a message.</summary>
public sealed record RaceSaveOutcome(Guid? SavedId, string? Problem, IReadOnlyDictionary<string, string> FieldErrors, IReadOnlyList<LookAlike> LookAlikes);

/// <summary>The training service's ProblemDetails: title and detail together, each field's first error, and the look-alikes of a 409.</summary>
internal sealed record TrainingProblem(string Message, IReadOnlyDictionary<string, string> FieldErrors, IReadOnlyList<LookAlike> LookAlikes, Guid? PlanId = null)
{
    public static async Task<TrainingProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return new("Your session has ended. Sign in again.", new Dictionary<string, string>(), []);
        }

        Body? body;
        try
        {
            body = await response.Content.ReadFromJsonAsync<Body>(cancellationToken);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
        {
            body = null;
        }

        // A body the framework could not bind names the field as "$.distanceMeters".
        var fields = body?.Errors?.Where(e => e.Value.Length > 0).ToDictionary(e => e.Key.StartsWith("$.", StringComparison.Ordinal) ? e.Key[2..] : e.Key, e => e.Value[0])
            ?? [];
        var message = fields.Count > 0 ? string.Join(" ", fields.Values)
            : Sentence(body?.Title) + (body?.Detail is { Length: > 0 } detail ? " " + detail : "");
        return new(message.Length > 0 ? message : $"The service answered {(int)response.StatusCode}. Please try again in a moment.", fields, body?.LookAlikes ?? [],
            body?.PlanId);
    }

    /// <summary>A title reads as a sentence before its detail: "You have added 5 races in the last 24 hours."</summary>
    private static string Sentence(string? title) =>
        string.IsNullOrWhiteSpace(title) ? "" : title.TrimEnd() is var text && text[^1] is '.' or '!' or '?' ? text : text + ".";

    private sealed record Body(string? Title, string? Detail, Dictionary<string, string[]>? Errors, List<LookAlike>? LookAlikes, Guid? PlanId);
}
