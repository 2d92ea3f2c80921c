using System.Net;
using System.Net.Http.Json;

namespace Runnerly.Reports.Clients;

/// <summary>The data service's endpoints for services, called with the reports-worker's service token.</summary>
internal sealed class DataClient(HttpClient http)
{
    public const int RunnersPage = 1_000;

    /// <summary>A page of runner ids (runners with a profile or runs), in id order after <paramref name="after"/>.</summary>
    public async Task<RunnerIdPage> RunnersAsync(string? after, CancellationToken cancellationToken) =>
        await ReadAsync<RunnerIdPage>($"/api/runners?limit={RunnersPage}{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}", cancellationToken);

    public async Task<RunnerProfile> ProfileAsync(string runnerId, CancellationToken cancellationToken) =>
        await ReadAsync<RunnerProfile>($"/api/runners/{Uri.EscapeDataString(runnerId)}/profile", cancellationToken);

    /// <summary>The runner's runs that started on the local days from <paramref name="from"/> up to (not including) <paramref name="to"/>, oldest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> RunsAsync(string runnerId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        await ReadAsync<List<RunRecord>>($"/api/runners/{Uri.EscapeDataString(runnerId)}/runs?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", cancellationToken);

    /// <summary>Turns the runner's monthly email off (the one-click unsubscribe).</summary>
    public async Task OptOutAsync(string runnerId, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"/api/runners/{Uri.EscapeDataString(runnerId)}/monthly-report-opt-out",
            new { optOut = true }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<T> ReadAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // A refusal of this very request (400, 404, 422) will not change by retrying; anything else may.
            var permanent = (int)response.StatusCode is >= 400 and < 500
                && response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            throw new RunnerDataException($"The data service answered {(int)response.StatusCode} for {path.Split('?')[0]}.", permanent);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
                ?? throw new RunnerDataException($"The data service answered null for {path.Split('?')[0]}.", permanent: true);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new RunnerDataException($"The data service's answer for {path.Split('?')[0]} could not be read: {ex.Message}", permanent: true, ex);
        }
    }
}

/// <summary>A runner's data could not be had: <see cref="Permanent"/> when asking again would get the same answer.</summary>
internal sealed class RunnerDataException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

internal sealed record RunnerIdPage(IReadOnlyList<string> Ids, string? Next);

/// <summary>The profile fields reports read.</summary>
internal sealed record RunnerProfile(string? DisplayName, string Units, string TimeZone, bool MonthlyReportOptOut)
{
    public bool UsesMiles => Units == "mi";
}

/// <summary>A run as the data service describes it (the fields reports read).</summary>
internal sealed record RunRecord(
    Guid Id,
    string? Name,
    string? SportType,
    DateTimeOffset StartTime,
    DateTime StartTimeLocal,
    double DistanceMeters,
    int MovingTimeSeconds,
    double ElevationGainMeters)
{
    public DateOnly LocalDate => DateOnly.FromDateTime(StartTimeLocal);
}
