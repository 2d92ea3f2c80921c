using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication;

namespace Runnerly.Web.Clients;

/// <summary>The data service, for the signed-in runner.</summary>
public sealed class DataApi(HttpClient http)
{
    public Task<Profile> ProfileAsync(CancellationToken cancellationToken) => GetAsync<Profile>("api/profile", cancellationToken);

    public async Task<(bool Saved, string? Problem)> SaveProfileAsync(Profile profile, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync("api/profile", profile, cancellationToken);
        return response.IsSuccessStatusCode ? (true, null) : (false, await ApiProblem.DescribeAsync(response, cancellationToken));
    }

    public Task<RunPage> LatestRunsAsync(int count, CancellationToken cancellationToken) => GetAsync<RunPage>($"api/runs?limit={count}", cancellationToken);

    /// <summary>Runs newest first, a page at a time: <paramref name="before"/> is the previous page's <c>next</c>.</summary>
    public Task<RunPage> RunsBeforeAsync(string before, int count, CancellationToken cancellationToken) =>
        GetAsync<RunPage>($"api/runs?limit={count}&before={Uri.EscapeDataString(before)}", cancellationToken);

    public Task<List<Run>> MonthAsync(int year, int month, CancellationToken cancellationToken) => GetAsync<List<Run>>($"api/runs/{year}/{month}", cancellationToken);

    public async Task<Run?> RunAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/runs/{id}", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ApiProblem.ReadAsync<Run>(response, cancellationToken);
    }

    /// <summary>Adds (no id) or changes a run entered by hand; the run, or what the data service found wrong with it.</summary>
    public async Task<(Run? Run, string? Problem)> SaveRunAsync(Guid? id, RunInput run, CancellationToken cancellationToken)
    {
        using var response = id is { } existing
            ? await http.PutAsJsonAsync($"api/runs/{existing}", run, cancellationToken)
            : await http.PostAsJsonAsync("api/runs", run, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<Run>(cancellationToken), null)
            : (null, await ApiProblem.DescribeAsync(response, cancellationToken));
    }

    public async Task DeleteRunAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/runs/{id}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await ApiProblem.EnsureAsync(response, cancellationToken);
        }
    }

    public Task<Stats> StatsAsync(string period, CancellationToken cancellationToken) => GetAsync<Stats>($"api/stats?period={period}", cancellationToken);

    /// <summary>Totals of the runs on the days from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public Task<Stats> StatsAsync(string period, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        GetAsync<Stats>(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"api/stats?period={period}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}"),
            cancellationToken);

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return await ApiProblem.ReadAsync<T>(response, cancellationToken);
    }
}

/// <summary>The strava service, for the signed-in runner.</summary>
public sealed class StravaApi(HttpClient http)
{
    public async Task<StravaStatus> StatusAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/strava/status", cancellationToken);
        return await ApiProblem.ReadAsync<StravaStatus>(response, cancellationToken);
    }

    public async Task<StravaLinkStart> StartLinkAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("api/strava/link", null, cancellationToken);
        return await ApiProblem.ReadAsync<StravaLinkStart>(response, cancellationToken);
    }

    /// <summary>True when done, false when Strava is being disconnected in the background.</summary>
    public async Task<bool> DisconnectAsync(CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync("api/strava/link", cancellationToken);
        await ApiProblem.EnsureAsync(response, cancellationToken);
        return response.StatusCode == HttpStatusCode.NoContent;
    }
}

/// <summary>An API could not do what the page asked; the message is for the runner.</summary>
public sealed class ApiException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

public static class ApiProblem
{
    /// <summary>A failure a page shows as a message: the API refused, could not be reached, timed out, or its circuit is open.</summary>
    public static bool IsShownToRunner(Exception e) => e is ApiException or HttpRequestException or Polly.ExecutionRejectedException or TaskCanceledException;

    /// <summary>Makes a change that answers null when done or why not; a failure to reach the API becomes a message too.</summary>
    public static async Task<string?> ChangeAsync(Func<Task<string?>> change)
    {
        try
        {
            return await change();
        }
        catch (Exception e) when (IsShownToRunner(e))
        {
            return e is ApiException ? e.Message : "That did not go through just now. Please try again in a moment.";
        }
    }

    internal static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(cancellationToken))!;
    }

    internal static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiException(await DescribeAsync(response, cancellationToken), response.StatusCode);
        }
    }

    /// <summary>What went wrong, from the ProblemDetails the APIs answer with.</summary>
    internal static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return "Your session has ended. Sign in again.";
        }

        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(cancellationToken);
            var details = problem?.Errors?.SelectMany(e => e.Value).ToList() ?? [];
            return details.Count > 0 ? string.Join(" ", details) : problem?.Detail ?? problem?.Title ?? $"The service answered {(int)response.StatusCode}.";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
        {
            return $"The service answered {(int)response.StatusCode}. Please try again in a moment.";
        }
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}

/// <summary>Sends the signed-in runner's access token (kept in the sign-in cookie) with each API call.</summary>
public sealed class RunnerAccessTokenHandler(IHttpContextAccessor context) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (context.HttpContext is { } http && await http.GetTokenAsync("access_token") is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
