namespace Runnerly.Web.Clients;

// The web's own view of the reports service's JSON (no shared contracts between services).

/// <summary>A report in the archive: its month, what it was about, and the month's runs and distance as sent.</summary>
public sealed record ReportSummary(int Year, int Month, string Kind, string Subject, DateTimeOffset SentAt, int Runs, double DistanceMeters);

/// <summary>Sent reports, newest first; <c>Next</c> (yyyy-MM) asks for the older ones.</summary>
public sealed record ReportPage(IReadOnlyList<ReportSummary> Items, string? Next);

/// <summary>
/// A report as the runner received it (or, for the preview, as it would be sent now): the email's HTML, its text
/// alternative, and the inline chart (base64 PNG) the HTML refers to as <c>cid:monthly-chart@runnerly</c>.
/// </summary>
public sealed record ReportDocument(
    int Year, int Month, string Kind, string Subject, DateTimeOffset? SentAt, bool IsPartialMonth, string Html, string Text, string? ChartPng);
