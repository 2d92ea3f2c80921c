using System.Diagnostics;
using Microsoft.Extensions.Options;
using NodaTime;
using Runnerly.Reports.Clients;
using Runnerly.Reports.Composition;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Delivery;

/// <summary>
/// Points in a report's delivery where tests stand in for a crash. The service's own probe
/// does nothing.
/// </summary>
public interface IDeliveryProbe
{
    /// <summary>The claim is committed; nothing was sent.</summary>
    Task ClaimedAsync(string runnerId, CancellationToken cancellationToken);

    /// <summary>The mail server accepted the message; it is not marked sent yet.</summary>
    Task AcceptedAsync(string runnerId, CancellationToken cancellationToken);
}

internal sealed class NoDeliveryProbe : IDeliveryProbe
{
    public Task ClaimedAsync(string runnerId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AcceptedAsync(string runnerId, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Handles one claimed report: checks the runner still wants it and can receive it, composes
/// it (once: a retried or resumed report reuses what was stored), sends it, and records the
/// outcome. A failure is this report's alone.
/// </summary>
internal sealed class ReportProcessor(
    ReportStore store,
    DataClient data,
    IdentityClient identity,
    ReportComposer composer,
    ReportLinkBuilder links,
    IDeliveryProbe probe,
    IOptions<ReportsOptions> options,
    ReportsTelemetry telemetry,
    TimeProvider time,
    ILogger<ReportProcessor> logger)
{
    public async Task ProcessAsync(MonthlyReport report, MailLane mail, CancellationToken cancellationToken)
    {
        var parent = ActivityContext.TryParse(report.TraceParent, null, out var context) ? context : default;
        using var activity = ReportsTelemetry.Source.StartActivity("Monthly report", ActivityKind.Internal, parent);
        activity?.SetTag("runnerly.runner_id", report.RunnerId);
        activity?.SetTag("runnerly.report.period", $"{report.Year:0000}-{report.Month:00}");
        activity?.SetTag("runnerly.report.attempt", report.Attempts);
        var started = Stopwatch.GetTimestamp();
        var outcome = "sent";
        var smtpCalled = false;
        try
        {
            await probe.ClaimedAsync(report.RunnerId, cancellationToken);
            outcome = await DeliverAsync(report, mail, () => smtpCalled = true, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "interrupted";
            if (!smtpCalled)
            {
                // Shutting down before the mail server was called: hand the report back at once rather than wait for the lease.
                await store.RetryAsync(report.Id, "Interrupted by a shutdown before sending.", time.GetUtcNow(), time.GetUtcNow(), CancellationToken.None);
            }

            throw;
        }
        catch (RunnerDataException ex) when (ex.Permanent)
        {
            outcome = "failed";
            await FailAsync(report, "data_unreadable", ex.Message);
        }
        catch (MailDeliveryException ex) when (ex.Permanent)
        {
            outcome = "failed";
            await FailAsync(report, "recipient_refused", ex.Message);
        }
        catch (Exception ex)
        {
            outcome = await RetryOrGiveUpAsync(report, ex);
        }
        finally
        {
            activity?.SetTag("runnerly.report.outcome", outcome);
            if (outcome is not ("sent" or "skipped" or "interrupted"))
            {
                activity?.SetStatus(ActivityStatusCode.Error, outcome);
            }

            telemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task<string> DeliverAsync(MonthlyReport report, MailLane mail, Action callingSmtp, CancellationToken cancellationToken)
    {
        // Who to write to, read now: an address changed since the month began is the one used.
        var account = await identity.AccountAsync(report.RunnerId, cancellationToken);
        if (account is null)
        {
            return await SkipAsync(report, "no_account", "The runner has no account.");
        }

        if (!account.EmailConfirmed || string.IsNullOrWhiteSpace(account.Email))
        {
            return await SkipAsync(report, "email_unconfirmed", "The runner has no confirmed email address.");
        }

        // Opt-out is read right before sending, so a one-click unsubscribe made since the claim counts.
        var profile = await data.ProfileAsync(report.RunnerId, cancellationToken);
        if (profile.MonthlyReportOptOut)
        {
            return await SkipAsync(report, "opted_out", "The runner turned monthly reports off.");
        }

        var name = string.IsNullOrWhiteSpace(profile.DisplayName) ? account.DisplayName : profile.DisplayName;
        if (report.Html is null)
        {
            var composed = await composer.ComposeAsync(report.RunnerId, new YearMonth(report.Year, report.Month),
                profile with { TimeZone = report.TimeZone }, name, Instant.FromDateTimeOffset(time.GetUtcNow()), cancellationToken);
            if (composed is null)
            {
                return await SkipAsync(report, "inactive", $"No runs that month nor in the {FigureBuilder.NudgeMonths} months before.");
            }

            report.Kind = composed.Figures.Kind;
            report.Subject = composed.Email.Subject;
            report.Html = composed.Email.Html;
            report.Text = composed.Email.Text;
            report.ChartPng = composed.Email.ChartPng;
            report.FiguresJson = composed.FiguresJson;
            // Stored before sending: what the archive shows is what went out, and a resend after a crash is the same email.
            await store.SaveComposedAsync(report, time.GetUtcNow(), cancellationToken);
        }

        var message = MessageBuilder.Build(report, options.Value.From, account.Email, name, links.UnsubscribeUrl(report.RunnerId), time.GetUtcNow());
        var sending = Stopwatch.GetTimestamp();
        callingSmtp();
        var response = await mail.SendAsync(message, cancellationToken);
        telemetry.Stage("send", Stopwatch.GetElapsedTime(sending));

        // The one window for a second copy: accepted by the mail server, not yet marked sent.
        await probe.AcceptedAsync(report.RunnerId, cancellationToken);
        await store.MarkSentAsync(report.Id, response, time.GetUtcNow(), CancellationToken.None);
        telemetry.Sent.Add(1, new KeyValuePair<string, object?>("kind", report.Kind?.ToString()));
        logger.LogInformation("Sent the {Year}-{Month:00} report of runner {RunnerId} ({Response})", report.Year, report.Month, report.RunnerId, response);
        return "sent";
    }

    private async Task<string> SkipAsync(MonthlyReport report, string reason, string detail)
    {
        await store.MarkSkippedAsync(report.Id, $"{reason}: {detail}", time.GetUtcNow(), CancellationToken.None);
        telemetry.Skipped.Add(1, new KeyValuePair<string, object?>("reason", reason));
        logger.LogInformation("Skipped the {Year}-{Month:00} report of runner {RunnerId}: {Reason}", report.Year, report.Month, report.RunnerId, reason);
        return "skipped";
    }

    private async Task FailAsync(MonthlyReport report, string reason, string detail)
    {
        await store.MarkFailedAsync(report.Id, $"{reason}: {detail}", time.GetUtcNow(), CancellationToken.None);
        telemetry.Failed.Add(1, new KeyValuePair<string, object?>("reason", reason));
        logger.LogWarning("The {Year}-{Month:00} report of runner {RunnerId} failed for good: {Reason}: {Detail}", report.Year, report.Month, report.RunnerId, reason, detail);
    }

    private async Task<string> RetryOrGiveUpAsync(MonthlyReport report, Exception ex)
    {
        var error = ex is MailDeliveryException or RunnerDataException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
        if (report.Attempts >= options.Value.MaxAttempts)
        {
            await FailAsync(report, "attempts_exhausted", error);
            return "failed";
        }

        var wait = new Backoff(options.Value.RetryFirst, options.Value.RetryMax).After(report.Attempts);
        var now = time.GetUtcNow();
        await store.RetryAsync(report.Id, $"temporary: {error}", now + wait, now, CancellationToken.None);
        telemetry.Retried.Add(1);
        logger.LogWarning("The {Year}-{Month:00} report of runner {RunnerId} will be retried in {Wait}: {Error}", report.Year, report.Month, report.RunnerId, wait, error);
        return "retry";
    }
}
