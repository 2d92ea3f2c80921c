using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Runnerly.Strava.Clients;

/// <summary>
/// The data service, as the strava worker uses it (with its own service token): imported runs go
/// in through the idempotent batch upsert, keyed by (strava, activity id).
/// </summary>
internal sealed partial class DataServiceClient(HttpClient http, ILogger<DataServiceClient> logger)
{
    private const string Source = "strava";

    /// <summary>Creates or updates the runs; returns how many were new. A run the data service finds unbelievable is skipped and logged, never retried forever.</summary>
    public async Task<int> UpsertAsync(string runnerId, IReadOnlyCollection<StravaActivity> activities, CancellationToken cancellationToken)
    {
        var runs = activities.Where(a => a.IsRun).Select(ToRun).ToList();
        if (runs.Count == 0)
        {
            return 0;
        }

        var path = $"api/runners/{Uri.EscapeDataString(runnerId)}/runs/batch";
        using var response = await http.PostAsJsonAsync(path, new { runs }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest && await RefusedRunsAsync(response, cancellationToken) is { Count: > 0 } refused)
        {
            foreach (var (index, problem) in refused)
            {
                LogRefusedRun(logger, runs[index].SourceId, runnerId, problem);
            }

            var believable = runs.Where((_, index) => !refused.ContainsKey(index)).ToList();
            if (believable.Count == 0)
            {
                return 0;
            }

            using var retried = await http.PostAsJsonAsync(path, new { runs = believable }, cancellationToken);
            return await CreatedAsync(retried, cancellationToken);
        }

        return await CreatedAsync(response, cancellationToken);
    }

    /// <summary>
    /// Offers the athlete's time zone for a runner who has not chosen one: the data service takes it only over its default.
    /// A refusal is logged, never retried, and never holds up the import: the runner can always set their zone in Settings.
    /// </summary>
    public async Task SuggestTimeZoneAsync(string runnerId, string timeZone, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"api/runners/{Uri.EscapeDataString(runnerId)}/suggested-time-zone", new { timeZone }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            LogRefusedTimeZone(logger, timeZone, runnerId, (int)response.StatusCode);
        }
    }

    public async Task DeleteRunAsync(string runnerId, long activityId, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/runners/{Uri.EscapeDataString(runnerId)}/runs/{Source}/{activityId}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Deletes every run imported from Strava (Strava's terms require it when the runner disconnects).</summary>
    public async Task DeleteStravaRunsAsync(string runnerId, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/runners/{Uri.EscapeDataString(runnerId)}/runs?source={Source}", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The run as the data service stores it. A sensor's glitch (a heart rate of 255, a GPS spike in
    /// the top speed) is left out rather than losing the run; a run itself unbelievable is refused there.
    /// </summary>
    private static SourcedRun ToRun(StravaActivity activity) => new(Source, activity.Id.ToString(), new RunInput(
        Name(activity.Name),
        activity.SportType,
        activity.StartDate,
        activity.IanaTimeZone ?? "UTC",
        activity.Distance,
        activity.MovingTime,
        Math.Max(activity.ElapsedTime, activity.MovingTime),
        Within(activity.TotalElevationGain, 0, 30_000) ?? 0,
        Within(activity.MaxSpeed, 0.1, 12.5),
        activity.HasHeartrate ? Within(activity.AverageHeartrate, 20, 250) : null,
        activity.HasHeartrate ? Within(activity.MaxHeartrate, 20, 250) : null,
        Within(activity.AverageCadence, 0, 300),
        activity.Map?.SummaryPolyline is { Length: > 0 and <= 100_000 } polyline && polyline.All(c => c is >= '?' and <= '~') ? polyline : null));

    private static double? Within(double? value, double min, double max) => value is { } v && double.IsFinite(v) && v >= min && v <= max ? v : null;

    /// <summary>Printable, at most 255 characters (never cutting a surrogate pair in two), "Run" when nothing is left.</summary>
    private static string Name(string? name)
    {
        var clean = TextRules.WithoutControlCharacters(name ?? "").Trim();
        if (clean.Length > 255)
        {
            clean = clean[..(char.IsHighSurrogate(clean[254]) ? 254 : 255)].TrimEnd();
        }

        return clean.Length > 0 ? clean : "Run";
    }

    private static async Task<int> CreatedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<BatchResult>(cancellationToken);
        return result?.Created ?? 0;
    }

    /// <summary>The runs a validation problem names (<c>runs[3].distanceMeters</c>), with what was wrong.</summary>
    private static async Task<Dictionary<int, string>> RefusedRunsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var refused = new Dictionary<int, string>();
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var error in errors.EnumerateObject())
            {
                if (RunIndex().Match(error.Name) is { Success: true } match)
                {
                    refused[int.Parse(match.Groups[1].Value)] = $"{error.Name}: {error.Value}";
                }
            }
        }

        return refused;
    }

    [GeneratedRegex(@"^(?:\$\.)?runs\[(\d+)\]")]
    private static partial Regex RunIndex();

    [LoggerMessage(LogLevel.Warning, "The data service did not take time zone {TimeZone} for runner {RunnerId} ({Status})")]
    private static partial void LogRefusedTimeZone(ILogger logger, string timeZone, string runnerId, int status);

    [LoggerMessage(LogLevel.Warning, "Strava activity {ActivityId} of runner {RunnerId} was not imported: {Problem}")]
    private static partial void LogRefusedRun(ILogger logger, string activityId, string runnerId, string problem);

    private sealed record SourcedRun(string Source, string SourceId, RunInput Run);

    private sealed record RunInput(
        string Name, string SportType, DateTimeOffset StartTime, string TimeZone, double DistanceMeters, int MovingTimeSeconds,
        int ElapsedTimeSeconds, double ElevationGainMeters, double? MaxSpeed, double? AverageHeartRate, double? MaxHeartRate,
        double? AverageCadence, string? SummaryPolyline);

    private sealed record BatchResult(int Created, int Updated, int Unchanged);
}
