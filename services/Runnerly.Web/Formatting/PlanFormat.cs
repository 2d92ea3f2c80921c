using System.Globalization;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Formatting;

/// <summary>One status's share of a week's bar, in percent of its width.</summary>
public sealed record BarSegment(string Status, int Count, double Start, double Width);

/// <summary>
/// A plan's sessions as a runner reads them, in their units: drawn from the structured fields (reps, rep length,
/// recovery, pace range) rather than the service's description, which is in kilometres.
/// </summary>
public static class PlanFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Kind(string kind) => kind switch
    {
        "easy" => "Easy run",
        "recovery" => "Recovery run",
        "long" => "Long run",
        "marathonPace" => "Marathon pace",
        "threshold" => "Threshold",
        "interval" => "Intervals",
        "repetition" => "Repetitions",
        "race" => "Race day",
        _ => kind,
    };

    /// <summary>"done", "partly done", "missed", "today", "to do".</summary>
    public static string Status(PlanSession session, DateOnly today) => session.Status switch
    {
        "done" => "Done",
        "partlyDone" => "Partly done",
        "missed" => "Missed",
        _ when session.Date == today => "Today",
        _ => "To do",
    };

    public static string Phase(PlanWeek week) => week.IsCutback ? $"{week.Phase}, an easier week" : week.Phase;

    /// <summary>What to run: "5 × 1 km at 3:53–3:57 /km, 3 min jog between", "8.5 km at 5:20–5:52 /km".</summary>
    public static string Describe(PlanSession session, string units)
    {
        var pace = RunFormat.PaceRange(session.PaceFastSecondsPerKm, session.PaceSlowSecondsPerKm, units);
        return session.Kind switch
        {
            "race" => $"{RaceFormat.Distance(session.DistanceMeters, units)} at {pace}, about {Clock(session.DurationSeconds)}",
            "marathonPace" => $"{Length(session.RepMeters, units)} at marathon pace, {pace}, inside {Distance(session.DistanceMeters, units)} with warm-up and cool-down",
            "threshold" or "interval" or "repetition" => string.Create(Culture,
                $"{session.Reps} × {Length(session.RepMeters, units)} at {pace}{RepTime(session)}, {Recovery(session.RecoverySeconds)} jog between; {Distance(session.DistanceMeters, units)} in all with warm-up and cool-down"),
            _ => $"{Distance(session.DistanceMeters, units)} at {pace}",
        };
    }

    /// <summary>A week's or session's distance in the runner's units, to a tenth: "42.5 km", "26.4 mi".</summary>
    public static string Distance(double meters, string units) =>
        string.Create(Culture, $"{meters / RunFormat.UnitMeters(units):0.0} {RunFormat.Unit(units)}");

    /// <summary>"3 done, 1 partly done, 1 missed, 2 to do": the counts there are.</summary>
    public static string Compliance(ComplianceTotals totals)
    {
        var parts = new[] { (totals.Done, "done"), (totals.PartlyDone, "partly done"), (totals.Missed, "missed"), (totals.Pending, "to do") }
            .Where(p => p.Item1 > 0).Select(p => $"{p.Item1} {p.Item2}").ToList();
        return parts.Count == 0 ? "no sessions" : string.Join(", ", parts);
    }

    /// <summary>A week's bar: a segment per status with sessions, as percentages of the week's sessions, done first.</summary>
    public static IReadOnlyList<BarSegment> Bar(ComplianceTotals totals)
    {
        var all = totals.Done + totals.PartlyDone + totals.Missed + totals.Pending;
        var segments = new List<BarSegment>();
        var start = 0.0;
        foreach (var (status, count) in new[] { ("done", totals.Done), ("partly", totals.PartlyDone), ("missed", totals.Missed), ("pending", totals.Pending) })
        {
            if (count > 0)
            {
                var width = 100.0 * count / all;
                segments.Add(new BarSegment(status, count, Math.Round(start, 2), Math.Round(width, 2)));
                start += width;
            }
        }

        return segments;
    }

    /// <summary>About how long: "45 min", "1 h 35 min".</summary>
    public static string About(int seconds)
    {
        var minutes = (int)Math.Round(seconds / 60.0);
        return minutes < 60 ? $"{minutes} min" : string.Create(Culture, $"{minutes / 60} h {minutes % 60:00} min");
    }

    /// <summary>
    /// A repetition's length: track lengths stay in metres for everyone ("400 m"); from a kilometre up, in the
    /// runner's units ("1.6 km", "1 mi").
    /// </summary>
    public static string Length(double meters, string units) => meters < 1000
        ? string.Create(Culture, $"{meters:0} m")
        : string.Create(Culture, $"{meters / RunFormat.UnitMeters(units):0.##} {RunFormat.Unit(units)}");

    public static string Recovery(int seconds) => seconds switch
    {
        < 60 => $"{seconds} s",
        _ when seconds % 60 == 0 => $"{seconds / 60} min",
        _ => $"{seconds / 60} min {seconds % 60} s",
    };

    /// <summary>The weekdays the plan runs on, as the API names them, by default for so many days a week (the long run on Sunday).</summary>
    public static IReadOnlyList<string> DefaultRunDays(int daysPerWeek) => Math.Clamp(daysPerWeek, 3, 7) switch
    {
        3 => ["tuesday", "thursday", "sunday"],
        4 => ["tuesday", "thursday", "saturday", "sunday"],
        5 => ["tuesday", "wednesday", "thursday", "saturday", "sunday"],
        6 => ["monday", "tuesday", "wednesday", "thursday", "saturday", "sunday"],
        _ => Weekdays,
    };

    public static readonly IReadOnlyList<string> Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static string Weekday(string day) => char.ToUpperInvariant(day[0]) + day[1..];

    public static string Day(DateOnly date) => date.ToString("ddd d MMM", Culture);

    /// <summary>A short repetition is run by the watch: its time too.</summary>
    private static string RepTime(PlanSession session)
    {
        if (session.RepMeters >= 1000)
        {
            return "";
        }

        var seconds = (int)Math.Round(session.RepMeters / 1000 * (session.PaceFastSecondsPerKm + session.PaceSlowSecondsPerKm) / 2);
        return $" (about {Clock(seconds)} each)";
    }

    private static string Clock(int seconds) => RunFormat.Duration(seconds);
}
