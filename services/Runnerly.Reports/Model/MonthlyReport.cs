namespace Runnerly.Reports.Model;

/// <summary>
/// One runner's report for one month of their calendar: created once (unique per runner and
/// month) by the due sweep, then claimed, composed, sent and kept as sent.
/// </summary>
public sealed class MonthlyReport
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string RunnerId { get; init; }

    public int Year { get; init; }

    public int Month { get; init; }

    /// <summary>The runner's IANA time zone when the row was created (the month ends there).</summary>
    public required string TimeZone { get; init; }

    public ReportStatus Status { get; set; }

    /// <summary>Why a report was skipped or failed, or the last temporary error while it waits for a retry.</summary>
    public string? Reason { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the report is due: the 1st of the next month, 08:00 in the runner's zone.</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>When a worker may take it (again).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>While sending: until when the worker that claimed it owns it. A crashed worker's claim runs out.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The same for every attempt, so a second copy after a crash is recognisably the same message.</summary>
    public required string MessageId { get; init; }

    public ReportKind? Kind { get; set; }

    public string? Subject { get; set; }

    public string? Html { get; set; }

    public string? Text { get; set; }

    public byte[]? ChartPng { get; set; }

    /// <summary>The figures the email shows, as JSON (the API gives them to the web).</summary>
    public string? FiguresJson { get; set; }

    public DateTimeOffset? ComposedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The mail server's answer to the message (its queue id): the evidence it was accepted.</summary>
    public string? SmtpResponse { get; set; }

    /// <summary>The sweep or command that queued it (W3C traceparent): each report's span joins that trace.</summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ReportStatus
{
    /// <summary>Waiting for its due time or a retry.</summary>
    Pending,

    /// <summary>Claimed by a worker (committed before the mail server is called).</summary>
    Sending,

    /// <summary>The mail server accepted it.</summary>
    Sent,

    /// <summary>Given up, with the reason: the recipient was refused, the runner's data could not be read, or retries ran out.</summary>
    Failed,

    /// <summary>Not sent on purpose (opted out, no confirmed email, inactive), with the reason.</summary>
    Skipped,
}

public enum ReportKind
{
    /// <summary>The month at a glance.</summary>
    Full,

    /// <summary>No runs this month but some in the three months before: a short nudge.</summary>
    Nudge,
}

/// <summary>
/// A month's due sweep: open while runners may still be due, closed once every time zone has
/// passed the due hour and a sweep went through without errors.
/// </summary>
public sealed class ReportPeriod
{
    public int Year { get; init; }

    public int Month { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; set; }

    public int Runners { get; set; }
}
