namespace Runnerly.Reports;

/// <summary>Settings under <c>Reports</c>.</summary>
public sealed class ReportsOptions
{
    public const string Section = "Reports";

    /// <summary>The public URL runners reach Runnerly at (the gateway's): every link in an email starts with it.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5100";

    public string From { get; set; } = "Runnerly <reports@runnerly.local>";

    /// <summary>The key that signs unsubscribe links (HMAC-SHA256), at least 32 characters; a secret, never in the repository.</summary>
    public string? UnsubscribeKey { get; set; }

    /// <summary>The key the developer commands present in <c>X-Reports-Admin-Key</c>; without one the commands' endpoints answer 404.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Reports sent at the same time by one replica (each with its own SMTP connection).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>How long a worker owns a claimed report; a worker that died loses it after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Connecting to, and each exchange with, the mail server gives up after this.</summary>
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An idle SMTP connection older than this is closed before the next message, rather than found dead.</summary>
    public TimeSpan SmtpIdle { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Messages sent over one SMTP connection before it is closed and a new one opened.</summary>
    public int SmtpMessagesPerConnection { get; set; } = 100;

    /// <summary>Temporary failures (mail server busy or down, a service not answering) are retried this many times in all.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The wait after the first temporary failure, doubling up to <see cref="RetryMax"/>.</summary>
    public TimeSpan RetryFirst { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryMax { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often an idle worker looks for work it was not told about (retries coming due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Runners' profiles read at once by a sweep.</summary>
    public int SweepConcurrency { get; set; } = 8;

    /// <summary>Whether this replica runs the scheduler (Quartz, clustered through reportsdb).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>The hourly sweep's cron expression (Quartz syntax, UTC).</summary>
    public string SweepCron { get; set; } = "0 0 * * * ?";
}
