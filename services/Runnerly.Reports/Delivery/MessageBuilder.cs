using System.Text;
using MimeKit;
using Runnerly.Reports.Composition;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Delivery;

/// <summary>
/// The MIME message for a stored report: text and HTML alternatives, the chart inline (CID),
/// the deterministic Message-ID, and one-click unsubscribe headers (RFC 8058).
/// </summary>
internal static class MessageBuilder
{
    /// <summary>The Message-ID of a runner's report of a month, the same on every attempt: <c>report.{runner}.{yyyy-MM}@{domain}</c>.</summary>
    public static string MessageId(string runnerId, int year, int month, string from)
    {
        var domain = MailboxAddress.TryParse(from, out var sender) && sender.Domain is { Length: > 0 } d ? d : "runnerly.local";
        var id = new StringBuilder(runnerId.Length);
        foreach (var c in runnerId)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return $"report.{id}.{year:0000}-{month:00}@{domain}";
    }

    public static MimeMessage Build(MonthlyReport report, string from, string to, string? name, string unsubscribeUrl, DateTimeOffset now)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(name, to));
        message.Subject = report.Subject ?? "Your monthly running report";
        message.MessageId = report.MessageId;
        message.Date = now;
        message.Headers.Add("List-Id", "Runnerly monthly report <monthly-report.runnerly>");
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");

        var body = new BodyBuilder { TextBody = report.Text, HtmlBody = report.Html };
        if (report.ChartPng is { Length: > 0 } png)
        {
            var chart = body.LinkedResources.Add("chart.png", png, new ContentType("image", "png"));
            chart.ContentId = ReportRenderer.ChartContentId;
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
