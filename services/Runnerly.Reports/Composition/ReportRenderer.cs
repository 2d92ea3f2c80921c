using System.Globalization;
using System.Net;
using System.Text;
using Runnerly.Reports.Model;
using static Runnerly.Reports.Composition.ReportWording;

namespace Runnerly.Reports.Composition;

/// <summary>The links an email carries (absolute, on the public URL).</summary>
internal sealed record ReportLinks(string Dashboard, string Settings, string Unsubscribe);

/// <summary>An email ready to send and to archive.</summary>
internal sealed record RenderedReport(string Subject, string Html, string Text, byte[] ChartPng);

/// <summary>
/// The report as an email: HTML made of tables with inlined CSS (Gmail, Outlook and Apple
/// Mail), light colours set explicitly on every block so clients that force dark mode keep it
/// readable, the chart as an inline image with alt text and its numbers as a table, and a
/// plain-text version saying the same.
/// </summary>
internal static partial class ReportRenderer
{
    public const string ChartContentId = "monthly-chart@runnerly";

    private const string Css = """
        body { margin: 0; padding: 0; background-color: #f4f5f7; color: #1b1f24; }
        table { border-collapse: collapse; }
        td { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 15px; line-height: 1.5; color: #1b1f24; }
        .page { background-color: #f4f5f7; }
        .card { background-color: #ffffff; border: 1px solid #d9dde3; }
        .brand { font-size: 18px; font-weight: bold; color: #b4380b; padding: 20px 24px 0 24px; }
        .title { font-size: 24px; font-weight: bold; padding: 4px 24px 4px 24px; }
        .lead { padding: 8px 24px 16px 24px; }
        .section { font-size: 17px; font-weight: bold; padding: 16px 24px 6px 24px; }
        .figures { margin: 0; }
        .figures th { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 13px; font-weight: normal; color: #4a5360; text-align: right; padding: 6px 8px; border-bottom: 1px solid #d9dde3; }
        .figures th.label { text-align: left; }
        .figures td { text-align: right; padding: 6px 6px; border-bottom: 1px solid #eceef1; white-space: nowrap; }
        .figures td.label { text-align: left; color: #4a5360; white-space: normal; }
        .figures td.now { font-weight: bold; }
        .figures th.change, .figures td.change { text-align: left; white-space: normal; }
        .figures td.change { font-size: 13px; color: #4a5360; }
        .figures td.change .value { white-space: nowrap; color: #1b1f24; }
        .muted { color: #4a5360; font-size: 13px; }
        .chart { padding: 8px 0 0 0; }
        .list { padding: 0 24px 0 24px; }
        .cta { padding: 20px 24px 24px 24px; }
        .button { background-color: #b4380b; color: #ffffff; text-decoration: none; font-weight: bold; padding: 12px 20px; display: inline-block; border-radius: 6px; }
        .footer { padding: 16px 24px 24px 24px; font-size: 12px; color: #4a5360; }
        .footer a { color: #4a5360; }
        a { color: #b4380b; }
        """;

    /// <summary>The email of <paramref name="figures"/>, with the chart already drawn (none for a nudge).</summary>
    public static RenderedReport Render(ReportFigures figures, ReportLinks links, byte[] chart)
    {
        var subject = Subject(figures);
        var slots = new Slots();
        var html = slots.Fill(Inlined(Html(figures, links, subject, chart.Length > 0, slots)));
        return new RenderedReport(subject, html, Text(figures, links), chart);
    }

    /// <summary>
    /// The layout with its CSS moved inline by PreMailer. Every value in the markup is a numbered
    /// slot, so reports of the same shape (kind, weeks, records, training lines) share one layout,
    /// and PreMailer runs once per shape rather than once per email.
    /// </summary>
    private static string Inlined(string layout)
    {
        if (Layouts.TryGetValue(layout, out var inlined))
        {
            return inlined;
        }

        inlined = PreMailer.Net.PreMailer.MoveCssInline(layout, removeStyleElements: true, removeComments: true).Html;
        if (Layouts.Count >= MaxLayouts)
        {
            Layouts.Clear();
        }

        Layouts[layout] = inlined;
        return inlined;
    }

    private const int MaxLayouts = 512;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Layouts = new(StringComparer.Ordinal);

    /// <summary>The values of one email, written into its layout as numbered slots and filled in HTML-encoded.</summary>
    private sealed partial class Slots
    {
        private readonly List<string> _values = [];

        public string E(string value)
        {
            _values.Add(value);
            return $"%%slot{_values.Count - 1}%%";
        }

        public string Fill(string layout) => SlotPattern().Replace(layout, match => WebUtility.HtmlEncode(_values[int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture)]));

        [System.Text.RegularExpressions.GeneratedRegex("%%slot([0-9]+)%%")]
        private static partial System.Text.RegularExpressions.Regex SlotPattern();
    }

    public static string Subject(ReportFigures f)
    {
        var month = MonthAndYear(f);
        if (f.Kind == ReportKind.Nudge)
        {
            return f.IsPartialMonth ? $"No runs in {Units.MonthName(f.Month)} yet" : $"No runs in {Units.MonthName(f.Month)}: ready for {Units.MonthName(f.Month % 12 + 1)}?";
        }

        var totals = $"{Units.FormatDistance(f.ThisMonth.DistanceMeters, f.UsesMiles)} in {Plural(f.ThisMonth.Runs, "run")}";
        return f.IsPartialMonth ? $"{month} so far: {totals}" : $"Your {month} in running: {totals}";
    }

    private static string Html(ReportFigures f, ReportLinks links, string subject, bool chartIncluded, Slots s)
    {
        var html = new StringBuilder(24_000);
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light">
            <meta name="supported-color-schemes" content="light">
            <title>{s.E(subject)}</title>
            <style>{Css}</style>
            </head>
            <body>
            <table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0" bgcolor="#f4f5f7"><tr><td align="center" style="padding: 16px 8px;">
            <table role="presentation" class="card" width="600" cellpadding="0" cellspacing="0" bgcolor="#ffffff" style="width: 100%; max-width: 600px;">
            <tr><td class="brand">Runnerly</td></tr>
            <tr><td class="title">{s.E(MonthAndYear(f))}{(f.IsPartialMonth ? " so far" : "")}</td></tr>
            <tr><td class="lead">{s.E(Greeting(f))} {s.E(Lead(f))}</td></tr>
            """);

        if (f.Kind == ReportKind.Full)
        {
            AppendFigures(html, f, s);
            AppendChart(html, f, hasImage: chartIncluded, s);
            AppendRecords(html, f, s);
        }

        AppendTraining(html, f, s);
        html.Append($"""
            <tr><td class="cta"><a class="button" href="{s.E(links.Dashboard)}">Open your dashboard</a></td></tr>
            <tr><td class="footer">You get this email once a month because monthly reports are on in your Runnerly settings.
            <a href="{s.E(links.Unsubscribe)}">Unsubscribe from monthly reports</a> or change it in <a href="{s.E(links.Settings)}">your settings</a>.
            Figures are in your units ({s.E(Units.DistanceUnit(f.UsesMiles))}) and your time zone ({s.E(f.TimeZone)}).</td></tr>
            </table>
            </td></tr></table>
            </body>
            </html>
            """);
        return html.ToString();
    }

    private static void AppendFigures(StringBuilder html, ReportFigures f, Slots s)
    {
        var (before, lastYear) = ComparisonNames(f);
        html.Append($"""
            <tr><td class="section">The month at a glance</td></tr>
            <tr><td style="padding: 0 16px 0 16px;">
            <table role="presentation" class="figures" width="100%" cellpadding="0" cellspacing="0">
            <tr><th class="label" scope="col">&nbsp;</th><th scope="col">{s.E(Units.MonthName(f.Month))}</th><th class="change" scope="col">Compared with</th></tr>
            """);
        // Both comparisons in one cell, each on its own line: four columns do not fit a phone's width.
        foreach (var row in Rows(f))
        {
            html.Append($"""<tr><td class="label">{s.E(row.Label)}</td><td class="now">{s.E(row.Now)}</td><td class="change">{s.E(before)}: {Change(row.VsBefore, s)}<br>{s.E(lastYear)}: {Change(row.VsLastYear, s)}</td></tr>""").Append('\n');
        }

        html.Append("</table>\n</td></tr>\n");
    }

    /// <summary>"−37.4 mi (−20%)" as two unbreakable pieces that may go on two lines.</summary>
    private static string Change(string comparison, Slots s)
    {
        var percent = comparison.LastIndexOf(" (", StringComparison.Ordinal);
        return percent < 0
            ? $"""<span class="value">{s.E(comparison)}</span>"""
            : $"""<span class="value">{s.E(comparison[..percent])}</span> <span class="value">{s.E(comparison[(percent + 1)..])}</span>""";
    }

    private static void AppendChart(StringBuilder html, ReportFigures f, bool hasImage, Slots s)
    {
        html.Append("""<tr><td class="section">Distance per week</td></tr>""").Append('\n');
        if (hasImage)
        {
            html.Append($"""<tr><td class="chart" align="center"><img src="cid:{ChartContentId}" width="{ChartRenderer.Width}" alt="{s.E(ChartRenderer.AltText(f))}" style="display: block; width: 100%; max-width: {ChartRenderer.Width}px; height: auto; border: 0;"></td></tr>""").Append('\n');
        }

        html.Append($"""
            <tr><td style="padding: 0 16px 0 16px;">
            <table role="presentation" class="figures" width="100%" cellpadding="0" cellspacing="0">
            <tr><th class="label" scope="col">Week</th><th scope="col">Runs</th><th scope="col">Distance</th></tr>
            """);
        foreach (var week in f.Weeks)
        {
            html.Append($"""<tr><td class="label">{s.E(Units.FormatDays(week.From, week.To))}</td><td>{s.E(week.Runs.ToString(CultureInfo.InvariantCulture))}</td><td>{s.E(Units.FormatDistance(week.DistanceMeters, f.UsesMiles))}</td></tr>""").Append('\n');
        }

        html.Append("</table>\n</td></tr>\n");
    }

    private static void AppendRecords(StringBuilder html, ReportFigures f, Slots s)
    {
        if (f.Records.Count == 0)
        {
            return;
        }

        html.Append("""<tr><td class="section">Records set this month</td></tr>""").Append('\n');
        foreach (var record in f.Records)
        {
            html.Append($"""<tr><td class="list">&#9733; {s.E(Describe(record, f.UsesMiles))}</td></tr>""").Append('\n');
        }
    }

    private static void AppendTraining(StringBuilder html, ReportFigures f, Slots s)
    {
        var lines = TrainingLines(f);
        if (lines.Count == 0)
        {
            return;
        }

        html.Append("""<tr><td class="section">Training</td></tr>""").Append('\n');
        foreach (var line in lines)
        {
            html.Append($"""<tr><td class="list">{s.E(line)}</td></tr>""").Append('\n');
        }
    }

    private static string Text(ReportFigures f, ReportLinks links)
    {
        var text = new StringBuilder(4_000);
        text.AppendLine($"{MonthAndYear(f)}{(f.IsPartialMonth ? " so far" : "")}").AppendLine();
        text.AppendLine($"{Greeting(f)} {Lead(f)}").AppendLine();
        if (f.Kind == ReportKind.Full)
        {
            var (before, lastYear) = ComparisonNames(f);
            text.AppendLine("THE MONTH AT A GLANCE");
            foreach (var row in Rows(f))
            {
                text.AppendLine($"- {row.Label}: {row.Now} (vs {before}: {row.VsBefore}; vs {lastYear}: {row.VsLastYear})");
            }

            text.AppendLine().AppendLine("DISTANCE PER WEEK");
            foreach (var week in f.Weeks)
            {
                text.AppendLine($"- {Units.FormatDays(week.From, week.To)}: {Units.FormatDistance(week.DistanceMeters, f.UsesMiles)} ({Plural(week.Runs, "run")})");
            }

            if (f.Records.Count > 0)
            {
                text.AppendLine().AppendLine("RECORDS SET THIS MONTH");
                foreach (var record in f.Records)
                {
                    text.AppendLine($"- {Describe(record, f.UsesMiles)}");
                }
            }
        }

        var training = TrainingLines(f);
        if (training.Count > 0)
        {
            text.AppendLine().AppendLine("TRAINING");
            foreach (var line in training)
            {
                text.AppendLine($"- {line}");
            }
        }

        text.AppendLine().AppendLine($"Open your dashboard: {links.Dashboard}").AppendLine();
        text.AppendLine("--");
        text.AppendLine("You get this email once a month because monthly reports are on in your Runnerly settings.");
        text.AppendLine($"Unsubscribe from monthly reports: {links.Unsubscribe}");
        text.AppendLine($"Your settings: {links.Settings}");
        return text.ToString();
    }
}
