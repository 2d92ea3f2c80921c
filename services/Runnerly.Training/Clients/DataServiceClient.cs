using System.Net.Http.Json;

namespace Runnerly.Training.Clients;

/// <summary>The data service's endpoints for services, called with training's own service token (scope <c>runs.read</c>).</summary>
internal sealed class DataServiceClient(HttpClient http)
{
    /// <summary>The runner's runs that started on the local days from <paramref name="from"/> up to (not including) <paramref name="to"/>, oldest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> RunsAsync(string runnerId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<RunRecord>>(
            $"/api/runners/{Uri.EscapeDataString(runnerId)}/runs?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", cancellationToken) ?? [];

    /// <summary>The data service could not answer (down, refusing, or too slow): callers answer 503 or go on without it, never 500.</summary>
    public static bool IsUnavailable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
        && !cancellationToken.IsCancellationRequested;

    public async Task<RunnerProfile> ProfileAsync(string runnerId, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<RunnerProfile>($"/api/runners/{Uri.EscapeDataString(runnerId)}/profile", cancellationToken)
            ?? throw new InvalidOperationException("The data service answered without a profile.");
}

/// <summary>A run as the data service describes it (the fields training reads).</summary>
internal sealed record RunRecord(
    Guid Id,
    string Name,
    string SportType,
    DateTimeOffset StartTime,
    DateTime StartTimeLocal,
    double DistanceMeters,
    int MovingTimeSeconds,
    int ElapsedTimeSeconds,
    double? AverageHeartRate)
{
    public DateOnly LocalDate => DateOnly.FromDateTime(StartTimeLocal);
}

/// <summary>The profile fields training reads.</summary>
internal sealed record RunnerProfile(
    string? DisplayName, string? Sex, int? MaxHeartRate, int? RestingHeartRate, string Units, string TimeZone, int TrainingDaysPerWeek);
