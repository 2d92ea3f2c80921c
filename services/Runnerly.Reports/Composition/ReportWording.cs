using System.Globalization;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Composition;

/// <summary>What a report says, in the same words in its HTML and its text: the figures' rows, the records, the training lines.</summary>
internal static class ReportWording
{
    public sealed record Row(string Label, string Now, string VsBefore, string VsLastYear);

    public static IEnumerable<Row> Rows(ReportFigures f)
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

    public static string Describe(PersonalBest record, bool miles)
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

    public static List<string> TrainingLines(ReportFigures f)
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

    public static string Greeting(ReportFigures f) => string.IsNullOrWhiteSpace(f.Name) ? "Hi," : $"Hi {f.Name.Trim()},";

    public static string Lead(ReportFigures f)
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

    /// <summary>"October", "November 2025"; for a month not over yet, the same days: "1–12 October", "1–12 November 2025".</summary>
    public static (string Before, string LastYear) ComparisonNames(ReportFigures f)
    {
        var (beforeYear, before) = f.Month == 1 ? (f.Year - 1, 12) : (f.Year, f.Month - 1);
        return ($"{Days(f.ComparedUpToDay, DateTime.DaysInMonth(beforeYear, before))}{Units.MonthName(before)}",
            $"{Days(f.ComparedUpToDay, DateTime.DaysInMonth(f.Year - 1, f.Month))}{Units.MonthName(f.Month)} {f.Year - 1}");

        static string Days(int? upTo, int daysInMonth) => upTo switch
        {
            null => "",
            var day when day >= daysInMonth => "",
            1 => "1 ",
            var day => $"1\u2013{day} ",
        };
    }

    public static string MonthAndYear(ReportFigures f) => $"{Units.MonthName(f.Month)} {f.Year}";

    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
