using System.Net;

namespace Runnerly.Web.Clients;

/// <summary>The reports service (the monthly emails sent, and a preview of this month), for the signed-in runner.</summary>
public sealed class ReportsApi(HttpClient http)
{
    public const int PageSize = 12;

    /// <summary>Sent reports, newest first, a page at a time: <paramref name="before"/> is the previous page's <c>next</c>.</summary>
    public async Task<ReportPage> ReportsAsync(string? before, CancellationToken cancellationToken)
    {
        var path = before is null ? $"api/reports?limit={PageSize}" : $"api/reports?limit={PageSize}&before={Uri.EscapeDataString(before)}";
        using var response = await http.GetAsync(path, cancellationToken);
        return await ApiProblem.ReadAsync<ReportPage>(response, cancellationToken);
    }

    /// <summary>One month's report exactly as it was sent; null when none was sent that month.</summary>
    public Task<ReportDocument?> ReportAsync(int year, int month, CancellationToken cancellationToken) =>
        DocumentAsync($"api/reports/{year}/{month}", cancellationToken);

    /// <summary>This month so far, composed now (nothing is stored or sent); null when there is nothing to report yet.</summary>
    public Task<ReportDocument?> PreviewAsync(CancellationToken cancellationToken) => DocumentAsync("api/reports/preview", cancellationToken);

    private async Task<ReportDocument?> DocumentAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ApiProblem.ReadAsync<ReportDocument>(response, cancellationToken);
    }
}
