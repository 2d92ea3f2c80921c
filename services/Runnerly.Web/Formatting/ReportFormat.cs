using System.Globalization;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Formatting;

/// <summary>The monthly reports' months, totals and dates as the reports pages show them.</summary>
public static class ReportFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>"November 2026".</summary>
    public static string Month(int year, int month) => new DateOnly(year, month, 1).ToString("MMMM yyyy", Culture);

    /// <summary>"4 runs · 46.1 km", as the email counted them; "No runs" for a nudge.</summary>
    public static string Totals(ReportSummary report, string units) => report.Runs switch
    {
        0 => "No runs",
        1 => "1 run · " + RunFormat.TotalDistance(report.DistanceMeters, units),
        var runs => string.Create(Culture, $"{runs} runs · {RunFormat.TotalDistance(report.DistanceMeters, units)}"),
    };

    /// <summary>The day the report of the month <paramref name="today"/> is in goes out: "1 December".</summary>
    public static string NextReportDay(DateOnly today) => new DateOnly(today.Year, today.Month, 1).AddMonths(1).ToString("d MMMM", Culture);

    /// <summary>"Sent on 1 Dec 2026", in the runner's zone.</summary>
    public static string SentOn(DateTimeOffset sentAt, string timeZone) =>
        "Sent on " + InZone(sentAt, timeZone).ToString("d MMM yyyy", Culture);

    /// <summary>Today where the runner lives (their profile's zone; UTC when the zone is unknown here).</summary>
    public static DateOnly Today(DateTimeOffset now, string timeZone) => DateOnly.FromDateTime(InZone(now, timeZone).DateTime);

    private static DateTimeOffset InZone(DateTimeOffset instant, string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? TimeZoneInfo.ConvertTime(instant, zone) : instant.ToUniversalTime();
}
