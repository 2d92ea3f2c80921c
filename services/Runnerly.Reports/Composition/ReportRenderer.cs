using System.Globalization;
using System.Net;
using System.Text;
using Runnerly.Reports.Model;

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
        .figures td { text-align: right; padding: 6px 8px; border-bottom: 1px solid #eceef1; white-space: nowrap; }
        .figures td.label { text-align: left; color: #4a5360; white-space: normal; }
        .figures td.now { font-weight: bold; }
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
            <tr><th class="label" scope="col">&nbsp;</th><th scope="col">{s.E(Units.MonthName(f.Month))}</th><th scope="col">vs {s.E(before)}</th><th scope="col">vs {s.E(lastYear)}</th></tr>
            """);
        foreach (var row in Rows(f))
        {
            html.Append($"""<tr><td class="label">{s.E(row.Label)}</td><td class="now">{s.E(row.Now)}</td><td>{s.E(row.VsBefore)}</td><td>{s.E(row.VsLastYear)}</td></tr>""").Append('\n');
        }

        html.Append("</table>\n</td></tr>\n");
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

    private sealed record Row(string Label, string Now, string VsBefore, string VsLastYear);

    private static IEnumerable<Row> Rows(ReportFigures f)
    {
        var (now, before, lastYear) = (f.ThisMonth, f.PreviousMonth, f.SameMonthLastYear);
        var miles = f.UsesMiles;
        string Distance(double m) => Units.FormatDistance(m, miles);
        string Elevation(double m) => Units.FormatElevation(m, miles);
        string Duration(double s) => Units.FormatDuration((long)s);

        yield return new Row("Runs", now.Runs.ToString(CultureInfo.InvariantCulture),
            Compare(now.Runs, before.Runs, before.Runs, v => ((int)v).ToString(CultureInfo.InvariantCulture)),
            Compare(now.Runs, lastYear.Runs, lastYear.Runs, v => ((int)v).ToString(CultureInfo.InvariantCulture)));
        yield return new Row("Distance", Distance(now.DistanceMeters),
            Compare(now.DistanceMeters, before.DistanceMeters, before.Runs, Distance), Compare(now.DistanceMeters, lastYear.DistanceMeters, lastYear.Runs, Distance));
        yield return new Row("Moving time", Duration(now.MovingTimeSeconds),
            Compare(now.MovingTimeSeconds, before.MovingTimeSeconds, before.Runs, Duration), Compare(now.MovingTimeSeconds, lastYear.MovingTimeSeconds, lastYear.Runs, Duration));
        yield return new Row("Elevation gain", Elevation(now.ElevationGainMeters),
            Compare(now.ElevationGainMeters, before.ElevationGainMeters, before.Runs, Elevation), Compare(now.ElevationGainMeters, lastYear.ElevationGainMeters, lastYear.Runs, Elevation));
        yield return new Row("Longest run", Distance(now.LongestRunMeters),
            Compare(now.LongestRunMeters, before.LongestRunMeters, before.Runs, Distance), Compare(now.LongestRunMeters, lastYear.LongestRunMeters, lastYear.Runs, Distance));
        yield return new Row("Fastest pace (runs from 1 km)", now.FastestPaceSecondsPerKm is { } pace ? Units.FormatPace(pace, miles) : "\u2013",
            ComparePace(now.FastestPaceSecondsPerKm, before.FastestPaceSecondsPerKm, miles), ComparePace(now.FastestPaceSecondsPerKm, lastYear.FastestPaceSecondsPerKm, miles));
    }

    /// <summary>"+12.1 km (+9%)"; "no runs" when the other month had none.</summary>
    private static string Compare(double now, double then, int runsThen, Func<double, string> format)
    {
        if (runsThen == 0)
        {
            return "no runs";
        }

        var change = now - then;
        var percent = Units.FormatPercent(change, then);
        var absolute = Units.FormatChange(change, format);
        return percent.Length == 0 || absolute == "same" ? absolute : $"{absolute} ({percent})";
    }

    /// <summary>Pace per unit: "12 s faster", "5 s slower".</summary>
    private static string ComparePace(double? now, double? then, bool miles)
    {
        if (now is null || then is null)
        {
            return "\u2013";
        }

        var factor = miles ? Units.MetersPerMile / 1000 : 1;
        var seconds = (int)Math.Round((then.Value - now.Value) * factor);
        return seconds == 0 ? "same" : seconds > 0 ? $"{seconds} s faster" : $"{-seconds} s slower";
    }

    private static string Describe(PersonalBest record, bool miles)
    {
        var on = record.Date is { } date ? $" on {Units.FormatDate(date)}" : "";
        return record.Kind switch
        {
            "longest_run" => $"Longest run of the last two years: {Units.FormatDistance(record.Value, miles)}{on} (before: {Units.FormatDistance(record.PreviousBest ?? 0, miles)})",
            "biggest_month" => $"Biggest month of the last two years: {Units.FormatDistance(record.Value, miles)} (before: {Units.FormatDistance(record.PreviousBest ?? 0, miles)})",
            _ => $"Fastest {PaceRecordName(record.Kind)} pace of the last two years: {Units.FormatPace(record.Value, miles)}{on}"
                + (record.PreviousBest is { } previous ? $" (before: {Units.FormatPace(previous, miles)})" : " (your first)"),
        };
    }

    private static string PaceRecordName(string kind) => kind switch
    {
        "fastest_5k" => "5K-or-longer",
        "fastest_10k" => "10K-or-longer",
        "fastest_half" => "half-marathon-or-longer",
        "fastest_marathon" => "marathon",
        _ => kind,
    };

    private static List<string> TrainingLines(ReportFigures f)
    {
        var lines = new List<string>();
        if (f.Training is not { } training)
        {
            return lines;
        }

        if (training.Vdot is { } vdot)
        {
            var change = training.VdotMonthBefore is { } before
                ? $" ({(vdot - before >= 0 ? "+" : "\u2212")}{Math.Abs(vdot - before).ToString("0.0", CultureInfo.InvariantCulture)} since last month)"
                : "";
            lines.Add($"Fitness (VDOT): {vdot.ToString("0.0", CultureInfo.InvariantCulture)}{change}");
        }

        if (training.NextRace is { } race)
        {
            var when = race.DaysToGo switch { 0 => "today", 1 => "tomorrow", var d => $"in {d} days" };
            lines.Add($"Next race: {race.Name}, {Units.FormatDistance(race.DistanceMeters, f.UsesMiles)}, on {Units.FormatDate(race.Date)} ({when})");
        }

        if (training.Plan is { } plan)
        {
            var total = plan.Done + plan.PartlyDone + plan.Missed;
            var share = total == 0 ? "" : $" ({(plan.Done * 100.0 / total).ToString("0", CultureInfo.InvariantCulture)}% done)";
            lines.Add($"Plan for {plan.RaceName}: {Plural(plan.Done, "session")} done, {plan.PartlyDone} partly done, {plan.Missed} missed{share}");
        }

        return lines;
    }

    private static string Greeting(ReportFigures f) => string.IsNullOrWhiteSpace(f.Name) ? "Hi," : $"Hi {f.Name.Trim()},";

    private static string Lead(ReportFigures f)
    {
        if (f.Kind == ReportKind.Nudge)
        {
            var last = f.LastRunBefore is { } date ? $" Your last run was on {Units.FormatDate(date)}." : "";
            return f.IsPartialMonth
                ? $"no runs in {Units.MonthName(f.Month)} yet.{last} A short, easy run is the best way back in."
                : $"there were no runs in {Units.MonthName(f.Month)}.{last} A short, easy run is the best way back in: {Units.MonthName(f.Month % 12 + 1)} starts now.";
        }

        var n = f.ThisMonth;
        return $"{(f.IsPartialMonth ? "so far this month" : $"in {Units.MonthName(f.Month)}")} you ran {Units.FormatDistance(n.DistanceMeters, f.UsesMiles)} in {Plural(n.Runs, "run")}, "
            + $"{Units.FormatDuration(n.MovingTimeSeconds)} on your feet.";
    }

    private static (string Before, string LastYear) ComparisonNames(ReportFigures f)
    {
        var before = f.Month == 1 ? 12 : f.Month - 1;
        return (Units.MonthName(before), $"{Units.MonthName(f.Month)} {f.Year - 1}");
    }

    private static string MonthAndYear(ReportFigures f) => $"{Units.MonthName(f.Month)} {f.Year}";

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

}
